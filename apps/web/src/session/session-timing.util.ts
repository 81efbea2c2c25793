/** Renew the access token this long before it expires at most (a fifth of its lifetime when shorter). */
export const MAX_REFRESH_LEAD_MS = 60_000;

/** Milliseconds from now until the access token should be renewed, given its lifetime in seconds. */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds * 1000);
  const lead = Math.min(MAX_REFRESH_LEAD_MS, lifetime / 5);
  return Math.max(1_000, lifetime - lead);
}

/** Waits before the next attempt when the server could not be reached: 2, 4, 8… s, at most 60 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt));
}
