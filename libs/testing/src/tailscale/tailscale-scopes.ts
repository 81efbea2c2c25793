/**
 * Whether granted OAuth scopes cover `required`, as Tailscale's granular scopes nest: `all` covers
 * everything, `all:read` every read scope, a write scope its read scope (`auth_keys` →
 * `auth_keys:read`), and the legacy `devices` scope the device and auth key scopes it was split into.
 */
export function scopeGranted(granted: readonly string[], required: string): boolean {
  return granted.some((scope) => {
    if (scope === required || scope === 'all') return true;
    if (scope === 'all:read') return required.endsWith(':read');
    if (`${scope}:read` === required) return true;
    if (scope === 'devices') return ['devices:core', 'devices:core:read', 'auth_keys', 'auth_keys:read'].includes(required);
    if (scope === 'devices:read') return required === 'devices:core:read';
    return false;
  });
}

/** Scopes as the token endpoint reads its `scope` parameter: space separated (RFC 6749), commas taken too. */
export function parseScopes(value: string | null): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
