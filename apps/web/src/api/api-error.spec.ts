import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error';

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  ApiError.fromResponse(new Response(null, { status, headers }), { type: 'https://pve-nexus.dev/problems/x', title: 'T', status, ...body });

describe('ApiError', () => {
  it('takes code, detail, field errors and the request id from a problem+json answer', () => {
    const error = problem(400, {
      code: 'VALIDATION',
      detail: 'Invalid body',
      requestId: 'req-1',
      errors: [
        { path: 'body.email', message: 'Invalid email address' },
        { path: 'body.extra', message: 'unknown field' },
      ],
    });
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION', detail: 'Invalid body', requestId: 'req-1' });
    expect(error.fieldError('email')).toBe('Invalid email address');
    expect(error.otherFieldErrors(['email'])).toEqual([{ path: 'body.extra', message: 'unknown field' }]);
  });

  it('matches field errors that services report without a location prefix', () => {
    const error = problem(400, { code: 'VALIDATION', detail: 'Current password is wrong', errors: [{ path: 'currentPassword', message: 'does not match' }] });
    expect(error.fieldError('currentPassword')).toBe('does not match');
    expect(error.otherFieldErrors(['currentPassword'])).toEqual([]);
  });

  it('reads Retry-After on a lockout', () => {
    const error = problem(429, { code: 'RATE_LIMITED', detail: 'Too many failed sign-ins; try again in 30 s' }, { 'retry-after': '30' });
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });

  it('falls back on the HTTP status when the body is not a problem (a proxy error page)', () => {
    const error = ApiError.fromResponse(new Response(null, { status: 502 }), '<html>Bad gateway</html>');
    expect(error).toMatchObject({ status: 502, code: 'INTERNAL', fieldErrors: [] });
    expect(error.detail).toMatch(/HTTP 502/);
    expect(ApiError.fromResponse(new Response(null, { status: 401 }), undefined).code).toBe('UNAUTHENTICATED');
  });

  it('keeps an unknown code out of the typed codes', () => {
    expect(problem(409, { code: 'SOMETHING_NEW', detail: 'x' }).code).toBe('VALIDATION');
  });
});
