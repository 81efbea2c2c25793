import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './security/content-security-policy';

/**
 * Every page gets a fresh script nonce and the Content-Security-Policy built on it: Next.js reads the
 * policy from the request headers and puts the nonce on its own scripts (which is why pages render
 * per request). The other security headers, for every response, are in next.config.ts.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development', relayUrls: process.env.CONSOLE_RELAY_URLS });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  // Only over TLS: on plain HTTP (localhost) the header would mean nothing, and behind a TLS proxy
  // that proxy says so with X-Forwarded-Proto.
  if (request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https') {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  }
  return response;
}

export const config = {
  // Pages only: the API forwarder, Next's static files and the icon need no nonce. Prefetches neither.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
