export const CONSOLE_OPTIONS = Symbol('CONSOLE_OPTIONS');

/** Settings of console opens, from the gateway's environment. */
export interface ConsoleOptions {
  /** How long a one-time token may wait to be redeemed (`CONSOLE_TOKEN_TTL_MS`). */
  tokenTtlMs: number;
  /** The longest a console may last (`CONSOLE_MAX_SESSION_MS`, the relays' `RELAY_MAX_SESSION_MS`): how long its grant's assertion holds. */
  maxSessionMs: number;
  /** The relay replicas' WebSocket URLs (`CONSOLE_RELAY_URLS`). */
  relayUrls: readonly string[];
}
