import { describe, expect, it } from '@jest/globals';
import { ConsoleCloseCode, RECONNECTABLE_CLOSE_CODES } from '@pve-nexus/contracts';
import { ApiError } from '../api/api-error';
import { closeOutcome, isTransientOpenError, MAX_RECONNECT_ATTEMPTS, reconnectDelayMs } from './reconnect-policy.util';

describe('console reconnect policy', () => {
  it('reconnects after a vanished, restarting or draining relay and after an upstream failure', () => {
    for (const code of RECONNECTABLE_CLOSE_CODES) expect(closeOutcome(code, '').reconnect).toBe(true);
    expect(closeOutcome(1006, '')).toEqual({ reconnect: true, message: 'The relay could not be reached, or the connection dropped.' });
  });

  it('does not reconnect after a decision, and says which one', () => {
    const final = [ConsoleCloseCode.IDLE_TIMEOUT, ConsoleCloseCode.ENDED_BY_ADMIN, ConsoleCloseCode.ACCESS_REVOKED, ConsoleCloseCode.TENANT_SESSION_CAP, ConsoleCloseCode.TOKEN_REFUSED, 1000];
    for (const code of final) expect(closeOutcome(code, '').reconnect).toBe(false);
    expect(closeOutcome(ConsoleCloseCode.IDLE_TIMEOUT, '').message).toMatch(/idle/);
    expect(closeOutcome(ConsoleCloseCode.ENDED_BY_ADMIN, '').message).toMatch(/administrator/);
    expect(closeOutcome(ConsoleCloseCode.ACCESS_REVOKED, '').message).toMatch(/revoked/);
    expect(closeOutcome(ConsoleCloseCode.TENANT_SESSION_CAP, '').message).toMatch(/limit/);
    expect(closeOutcome(ConsoleCloseCode.TOKEN_REFUSED, '').message).toMatch(/token/);
  });

  it('adds the relay’s own reason when it says more, and names unknown codes', () => {
    expect(closeOutcome(ConsoleCloseCode.IDLE_TIMEOUT, 'idle for 900 s').message).toBe('The console was closed after being idle for too long. (idle for 900 s)');
    expect(closeOutcome(4999, '').message).toBe('The console closed (code 4999).');
    expect(closeOutcome(4999, '').reconnect).toBe(false);
  });

  it('retries the first time at once, then backs off, with a bounded number of attempts', () => {
    const delays = Array.from({ length: MAX_RECONNECT_ATTEMPTS }, (_, index) => reconnectDelayMs(index + 1));
    expect(delays[0]).toBeLessThanOrEqual(500);
    for (let index = 1; index < delays.length; index++) expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1]!);
    expect(reconnectDelayMs(MAX_RECONNECT_ATTEMPTS + 5)).toBe(delays.at(-1));
  });

  it('asks the gateway again only after failures that may pass', () => {
    expect(isTransientOpenError(ApiError.network())).toBe(true);
    expect(isTransientOpenError(new ApiError(503, 'UNAVAILABLE', 'down'))).toBe(true);
    expect(isTransientOpenError(new ApiError(403, 'FORBIDDEN', 'no'))).toBe(false);
    expect(isTransientOpenError(new ApiError(409, 'CONFLICT', 'VM 100 not running'))).toBe(false);
  });
});
