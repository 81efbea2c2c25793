import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';

/** The monorepo root: dependencies are hoisted there and `@pve-nexus/contracts` is a symlink into libs/. */
const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Headers on every page and asset. The CSP here restricts what needs no nonce (framing, <base>,
 * plugins, form targets); script and style sources are not restricted yet.
 */
const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  headers: async () => [{ source: '/:path*', headers: SECURITY_HEADERS }],
  // One root for bundling and file tracing, so Next does not guess it from lockfiles.
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // `/api/*` is forwarded to GATEWAY_URL by src/app/api/[...path]/route.ts, not by `rewrites()`: Next.js
  // freezes rewrite destinations at build time, and the gateway's address is only known at start.
};

export default nextConfig;
