/**
 * The Content-Security-Policy of every page, with the request's nonce.
 * - Scripts: only Next's own, carrying the nonce ('strict-dynamic' lets them load their chunks);
 *   development adds 'unsafe-eval', which React's dev tooling needs.
 * - Styles: 'unsafe-inline' on purpose, narrowly: xterm.js and noVNC write `<style>` elements and
 *   style attributes at run time, and React renders style attributes; none of them can carry a
 *   nonce. Styles cannot run code, and scripts stay strict.
 * - Connections: the app itself, and the console relays (`CONSOLE_RELAY_URLS`, as the gateway's
 *   setting, read per request since it is only known at start), nothing else.
 * - Never framed by anyone (`frame-ancestors 'none'`: clickjacking), no plugins, no `<base>` tricks,
 *   forms post only here.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; relayUrls: string | undefined }): string {
  const relays = (options.relayUrls ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
    .map(origin);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...new Set(relays)],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** `ws://host:port/console` → `ws://host:port`: CSP sources are origins (a path would also match only it). */
function origin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '';
  }
}
