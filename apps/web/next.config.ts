import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';

/** The monorepo root: dependencies are hoisted there and `@pve-nexus/contracts` is a symlink into libs/. */
const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // One root for bundling and file tracing, so Next does not guess it from lockfiles.
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // Every response: no MIME sniffing, never framed (old browsers; pages also say frame-ancestors
  // 'none'), no Referer leaving the app. The CSP and HSTS come from src/proxy.ts, per page.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
  // `/api/*` is forwarded to GATEWAY_URL by src/app/api/[...path]/route.ts, not by `rewrites()`: Next.js
  // freezes rewrite destinations at build time, and the gateway's address is only known at start.
};

export default nextConfig;
