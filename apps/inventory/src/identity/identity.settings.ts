/** Tunables of sign-in and sessions, from the inventory's environment. */
export interface IdentitySettings {
  /** How long a session (its refresh token) lives without being refreshed away. */
  sessionTtlMs: number;
  /** Failed sign-ins in a row before the account is locked for a while. */
  lockoutThreshold: number;
  /** First lock; each further failure doubles it, up to `lockoutMaxMs`. */
  lockoutBaseMs: number;
  lockoutMaxMs: number;
}

export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');
