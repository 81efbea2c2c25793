import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { NexusError } from '@pve-nexus/contracts';

/**
 * Validates a body, a query or a path parameter against a contract schema; failures become
 * VALIDATION with every field path (prefixed with where it was: `body.email`, `query.limit`).
 */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly location: string,
    private readonly options: PipeOptions = {},
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? (this.location === 'body' ? {} : value));
    if (result.success) return result.data;
    const error = NexusError.fromZod(result.error, this.location);
    const contentOnly = this.options.unprocessableContent && result.error.issues.every((issue) => CONTENT_ISSUES.has(issue.code));
    throw new NexusError(contentOnly ? 'UNPROCESSABLE' : 'VALIDATION', error.message, error.issues?.map((issue) => ({
      path: issue.path === '(root)' ? this.location : `${this.location}.${issue.path}`,
      message: issue.message,
    })));
  }
}

export interface PipeOptions {
  /**
   * Answer 422 (UNPROCESSABLE) instead of 400 when every problem is a value of the wrong shape or kind
   * (a malformed token) rather than a missing field, a wrong type or an unknown field.
   */
  unprocessableContent?: boolean;
}

/** zod issue codes about a value's content, not the body's structure. */
const CONTENT_ISSUES = new Set<string>(['invalid_format', 'custom']);

export const body = <S extends z.ZodType>(schema: S, options: PipeOptions = {}) => new ZodPipe(schema, 'body', options);
export const query = <S extends z.ZodType>(schema: S) => new ZodPipe(schema, 'query');
export const param = <S extends z.ZodType>(name: string, schema: S) => new ZodPipe(schema, `params.${name}`);
