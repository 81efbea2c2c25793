export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');

/** Settings of console opens, from the gateway's environment. */
export interface ConsoleOptions {
  /** How long a one-time token may wait to be redeemed (`CONSOLE_TOKEN_TTL_MS`). */
  tokenTtlMs: number;
  /** The relay replicas' WebSocket URLs (`CONSOLE_RELAY_URLS`). */
  relayUrls: readonly string[];
}
