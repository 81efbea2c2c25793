import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ErrorCode } from './error-code.js';
import { NexusError } from './nexus.error.js';
import { grpcStatusOf, httpStatusOf, toProblem } from './problem.js';

describe('error mapping', () => {
  it.each(ErrorCode.options)('maps %s to an HTTP error status and a non-OK gRPC status', (code) => {
    expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(grpcStatusOf(code)).toBeGreaterThan(0);
  });

  it('keeps the client/server split: caller mistakes are 4xx, upstream and internal failures 5xx', () => {
    expect(httpStatusOf('VALIDATION')).toBe(400);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('RATE_LIMITED')).toBe(429);
    expect(httpStatusOf('UPSTREAM_UNREACHABLE')).toBe(502);
    expect(httpStatusOf('UNAVAILABLE')).toBe(503);
    expect(httpStatusOf('TIMEOUT')).toBe(504);
  });

  it('builds an RFC 9457 problem with field paths for validation errors', () => {
    const parsed = z.object({ server: z.object({ port: z.number().int().max(65535) }) }).safeParse({ server: { port: 70000 } });
    expect(parsed.success).toBe(false);
    const error = NexusError.fromZod((parsed as { error: z.ZodError }).error);
    const problem = toProblem(error, { instance: '/api/v1/servers', requestId: 'req-12345678' });
    expect(problem).toMatchObject({
      type: 'https://pve-nexus.dev/problems/validation',
      status: 400,
      code: 'VALIDATION',
      instance: '/api/v1/servers',
      requestId: 'req-12345678',
      errors: [{ path: 'server.port' }],
    });
  });

  it('round-trips an error through its bus envelope', () => {
    const original = new NexusError('RATE_LIMITED', 'slow down', undefined, 7);
    const copy = NexusError.fromEnvelope(original.toEnvelope());
    expect(copy).toBeInstanceOf(NexusError);
    expect(copy).toMatchObject({ code: 'RATE_LIMITED', message: 'slow down', retryAfterSeconds: 7 });
  });
});
