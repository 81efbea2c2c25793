import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { HealthRpc } from '../health/health.contract.js';
import { defineRpc, RpcReply } from './rpc-contract.js';

describe('defineRpc', () => {
  it('accepts <context>.<entity>.<verb> subjects only', () => {
    expect(defineRpc('inventory.server.create', z.object({}), z.object({})).subject).toBe('inventory.server.create');
    expect(() => defineRpc('inventory.create', z.object({}), z.object({}))).toThrow(/not <context>.<entity>.<verb>/);
    expect(() => defineRpc('Inventory.Server.Create', z.object({}), z.object({}))).toThrow();
  });

  it('gives every service behind the gateway a health subject', () => {
    expect(Object.values(HealthRpc).map((contract) => contract.subject)).toEqual([
      'inventory.health.check',
      'discovery.health.check',
      'executor.health.check',
      'console-relay.health.check',
    ]);
  });

  it('rejects replies that are neither data nor a typed error', () => {
    expect(RpcReply.safeParse({ ok: true, data: 1 }).success).toBe(true);
    expect(RpcReply.safeParse({ ok: false, error: { code: 'NOT_FOUND', message: 'x' } }).success).toBe(true);
    expect(RpcReply.safeParse({ status: 'error', message: 'x' }).success).toBe(false);
    expect(RpcReply.safeParse({ ok: false, error: { code: 'TEAPOT', message: 'x' } }).success).toBe(false);
  });
});
