import { NexusError, type TailnetTestResult } from '@pve-nexus/contracts';

/** A failed credentials test, as a reason the person who typed the credentials can act on. */
export function testFailure(error: unknown): TailnetTestResult {
  const failed = (reason: string, retryAfterSeconds: number | null = null): TailnetTestResult => ({ ok: false, tailnet: null, deviceCount: null, reason, retryAfterSeconds });
  if (!(error instanceof NexusError)) return failed('The test failed unexpectedly; try again.');
  switch (error.code) {
    case 'UPSTREAM_AUTH':
      return failed(error.message);
    case 'RATE_LIMITED':
      return failed(`${error.message}`, error.retryAfterSeconds ?? null);
    case 'TIMEOUT':
      return failed(`${error.message} Check the network path to the control server and try again.`);
    case 'UPSTREAM_UNREACHABLE':
      return failed(`${error.message} Check the address and the network, then try again.`);
    default:
      return failed(error.message);
  }
}
