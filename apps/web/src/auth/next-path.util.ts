const PLACEHOLDER_ORIGIN = 'https://console.invalid';
const AUTH_PAGES = /^\/(login|change-password)(\/|$)/;

/**
 * Where to go after signing in: a path of this console taken from `?next=`, never another origin
 * (`//evil.example`, `/\evil.example`, `javascript:`), never back to the sign-in pages; default `/`.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  try {
    const url = new URL(raw, PLACEHOLDER_ORIGIN);
    if (url.origin !== PLACEHOLDER_ORIGIN || AUTH_PAGES.test(url.pathname)) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** `/login?next=…` (or `/change-password?next=…`) that brings the user back to `path` afterwards. */
export function withNext(page: '/login' | '/change-password', path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}
