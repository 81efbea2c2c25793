import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import * as contracts from '@pve-nexus/contracts';
import { adversarialObject, adversarialValue } from './adversarial.arbitraries.js';

/** What accepted text may hold: the refused set of safe-text.ts, tabs and line breaks aside (recorded details). */
const UNCLEAN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/u;

function isRpc(value: unknown): value is contracts.RpcContract {
  return typeof value === 'object' && value !== null && 'subject' in value && 'request' in value && (value as { request: unknown }).request instanceof z.ZodType;
}

/** Every schema that takes input: exported `*Body`, `*Query`, `*Request` and the request side of every RPC. */
function inputSchemas(): [string, z.ZodType][] {
  const found = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(contracts)) {
    if (value instanceof z.ZodType && /(Body|Query|Request)$/.test(name)) found.set(value, name);
    if (typeof value === 'object' && value !== null && !(value instanceof z.ZodType)) {
      for (const [key, rpc] of Object.entries(value)) if (isRpc(rpc) && !found.has(rpc.request)) found.set(rpc.request, `${name}.${key}`);
    }
  }
  return [...found].map(([schema, name]) => [name, schema]);
}

/** The field names of an object schema, through pipes, transforms and unions. */
function fieldNames(schema: z.ZodType, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  const def = (schema as unknown as { def: Record<string, unknown> }).def;
  const inner = [def['in'], def['innerType'], def['schema'], ...((def['options'] as unknown[]) ?? [])].filter((item): item is z.ZodType => item instanceof z.ZodType);
  return [...new Set(inner.flatMap((item) => fieldNames(item, seen)))];
}

/** Every problem with an accepted value: an unclean string or key, or an own prototype key. */
function uncleanParts(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return UNCLEAN.test(value) ? [`${path}: ${JSON.stringify(value.slice(0, 40))}`] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key === '__proto__' || UNCLEAN.test(key) ? [`${path}: key ${JSON.stringify(key)}`] : []),
    ...uncleanParts(item, `${path}.${key}`),
  ]);
}

const schemas = inputSchemas();

describe('every contract input schema under random and adversarial input', () => {
  it('finds the input schemas', () => {
    expect(schemas.length).toBeGreaterThan(40);
    expect(schemas.map(([name]) => name)).toEqual(expect.arrayContaining(['CreateServerBody', 'LoginBody', 'AuditQuery', 'CsvImportRequest']));
  });

  it.each(schemas)('%s: only ever a validation failure, and what it accepts is clean', (_name, schema) => {
    const input = fc.oneof(adversarialObject(fieldNames(schema)), adversarialValue);
    fc.assert(
      fc.property(input, (value) => {
        let result: ReturnType<typeof schema.safeParse>;
        try {
          result = schema.safeParse(value);
        } catch (error) {
          throw new Error(`threw instead of failing validation: ${String(error)}`);
        }
        if (!result.success) {
          expect(result.error).toBeInstanceOf(z.ZodError);
          expect(() => contracts.NexusError.fromZod(result.error)).not.toThrow();
          return;
        }
        expect(uncleanParts(result.data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
