/** Tunables of sign-in and sessions, from the inventory's environment. */
export interface IdentitySettings {
  /** How long a session (its refresh token) lives without being refreshed away. */
  sessionTtlMs: number;
}

export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');
