/**
 * Keys whose values never reach a log line, at any depth. Matched case-insensitively against the
 * last segment of a property path; a value under such a key is replaced with `[REDACTED]`.
 */
export const SECRET_KEYS = [
  'password',
  'newpassword',
  'currentpassword',
  'passwordhash',
  'token',
  'accesstoken',
  'refreshtoken',
  'apitoken',
  'api_token',
  'apikey',
  'secret',
  'clientsecret',
  'authorization',
  'cookie',
  'set-cookie',
  'privatekey',
  'ciphertext',
  'encryptionkey',
  'ticket',
  'vncpassword',
  // A signed bus identity (a console grant's lasts as long as the console).
  'assertion',
];

const SECRET_KEY_SET = new Set(SECRET_KEYS);
/** Inline secrets that may hide inside free text (an upstream error echoing a header, a URL). */
const INLINE_SECRET_PATTERNS: RegExp[] = [
  /PVEAPIToken=[^\s"']+/gi,
  /PVEAuthCookie=[^\s;"']+/gi,
  /tskey-[a-z]+-[A-Za-z0-9-]+/g,
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /(\/\/[^:/\s]+:)[^@/\s]+@/g,
];

export function redactText(text: string): string {
  return INLINE_SECRET_PATTERNS.reduce(
    (acc, pattern) => acc.replace(pattern, (match, userPart?: string) =>
      typeof userPart === 'string' && match.endsWith('@') ? `${userPart}[REDACTED]@` : '[REDACTED]'),
    text,
  );
}

/** Deep copy of `value` with secret keys and inline secrets removed; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_SET.has(key.toLowerCase()) ? '[REDACTED]' : redact(inner, depth + 1, seen);
  }
  return out;
}
