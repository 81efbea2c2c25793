import { ConsoleCloseCode, RECONNECTABLE_CLOSE_CODES } from '@pve-nexus/contracts';
import type { ApiError } from '../api/api-error';

/** Reconnect attempts after a drop before the console gives up and says why. */
export const MAX_RECONNECT_ATTEMPTS = 6;

/** Wait before each attempt, in ms: the first at once (another replica is usually up), then backing off. */
const RECONNECT_DELAYS_MS = [250, 1_000, 2_000, 4_000, 8_000, 8_000];

/** How long to wait before reconnect attempt `attempt` (1-based). */
export function reconnectDelayMs(attempt: number): number {
  return RECONNECT_DELAYS_MS[Math.min(Math.max(attempt, 1), RECONNECT_DELAYS_MS.length) - 1]!;
}

/** What the console does after the relay socket closed. */
export type CloseOutcome = { reconnect: true; message: string } | { reconnect: false; message: string };

const MESSAGES: Record<number, string> = {
  1000: 'The console was closed.',
  1001: 'The relay went away.',
  1006: 'The relay could not be reached, or the connection dropped.',
  1011: 'The relay hit an unexpected error.',
  1012: 'The relay restarted.',
  [ConsoleCloseCode.TOKEN_REFUSED]: 'The relay refused the console token: it expired or was already used.',
  [ConsoleCloseCode.PROTOCOL_ERROR]: 'The relay could not understand the console stream.',
  [ConsoleCloseCode.IDLE_TIMEOUT]: 'The console was closed after being idle for too long.',
  [ConsoleCloseCode.MAX_DURATION]: 'The console reached its maximum session length.',
  [ConsoleCloseCode.ENDED_BY_ADMIN]: 'An administrator ended this console session.',
  [ConsoleCloseCode.ACCESS_REVOKED]: 'Your access was revoked: signed out, deactivated, or your role changed.',
  [ConsoleCloseCode.TENANT_SESSION_CAP]: 'This tenant has reached its limit of open consoles. Close another console, then reconnect.',
  [ConsoleCloseCode.UPSTREAM_FAILED]: 'Proxmox refused or dropped the console.',
  [ConsoleCloseCode.DRAINING]: 'The relay is shutting down.',
};

/**
 * Whether a closed relay socket is worth a reconnect with a fresh token (the relay's
 * RECONNECTABLE_CLOSE_CODES; 1006 also covers a refused connection), and the sentence to show.
 */
export function closeOutcome(code: number, reason: string): CloseOutcome {
  const known = MESSAGES[code] ?? `The console closed (code ${code}).`;
  const message = reason && !known.includes(reason) ? `${known} (${reason})` : known;
  return { reconnect: RECONNECTABLE_CLOSE_CODES.includes(code), message };
}

/**
 * Whether asking the gateway for a token again may help: no answer, a timeout, an overloaded or
 * failing service. A refusal (no access, no such guest, a stopped VM) will not change by retrying.
 */
export function isTransientOpenError(error: ApiError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}
