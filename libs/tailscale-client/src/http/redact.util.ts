import { cleanText } from '@pve-nexus/contracts';

/** Anything shaped like a Tailscale or headscale secret: API tokens, client secrets, auth keys. */
const SECRET_SHAPE = /\b(?:tskey|hskey)-[A-Za-z0-9_-]{4,}/g;
const MAX_UPSTREAM_TEXT = 200;

/**
 * Text from a control server or a socket error, made safe to put in an error message: the known
 * secrets and anything shaped like one replaced, controls removed, cut to a short line. A control
 * server may echo what it was sent, so nothing it says is trusted to be free of secrets.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = cleanText(text);
  for (const secret of secrets) {
    if (secret) safe = safe.split(secret).join('[redacted]');
  }
  safe = safe.replace(SECRET_SHAPE, '[redacted]').trim();
  return safe.length > MAX_UPSTREAM_TEXT ? `${safe.slice(0, MAX_UPSTREAM_TEXT)}…` : safe;
}
