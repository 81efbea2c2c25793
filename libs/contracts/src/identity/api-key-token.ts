/**
 * API keys look like `pvn_<key id, 32 hex digits>_<secret, 43 base64url characters>`: the id finds
 * the key without a scan, the secret (256 bits) is compared with the stored SHA-256.
 */
const API_KEY_TOKEN = /^pvn_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function formatApiKeyToken(apiKeyId: string, secret: string): string {
  return `pvn_${apiKeyId.replaceAll('-', '')}_${secret}`;
}

/** The key id (as a UUID) and the secret of a token, or null when it is not an API key token. */
export function parseApiKeyToken(token: string): { apiKeyId: string; secret: string } | null {
  const match = API_KEY_TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const hex = match[1];
  const apiKeyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { apiKeyId, secret: match[2] };
}
