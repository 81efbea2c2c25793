import { redact } from '@pve-nexus/observability';

/** A JSON value as the `details` jsonb column stores it. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

// jsonb refuses NUL characters and unpaired surrogates: a detail echoing user input must not make the
// audited operation fail, so they become U+FFFD instead.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function toJsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\ufffd');
  return value;
}

// `__proto__` would become an object's prototype when copied (by redact) and silently vanish.
function withoutProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/**
 * `details` exactly as they are stored and hashed: turned into plain JSON first (dates become ISO
 * strings, bigints decimal strings, `undefined` and functions disappear, as `JSON.stringify` does),
 * then stripped of secrets by key and by shape (`redact` of the logs: passwords, tokens, cookies,
 * tickets...). Because the result is already what jsonb gives back, the hash computed at append time
 * is the one recomputed when verifying. Default `{}`.
 */
export function storableDetails(details: Record<string, unknown> = {}): Record<string, AuditJson> {
  const json = JSON.stringify(details, toJsonReplacer);
  const plain: unknown = json === undefined ? {} : JSON.parse(json, withoutProtoKeys);
  const redacted = redact(plain);
  if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) return { value: redacted as AuditJson };
  return redacted as Record<string, AuditJson>;
}
