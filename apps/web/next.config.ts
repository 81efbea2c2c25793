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
  // `/api/*` is forwarded to GATEWAY_URL by src/app/api/[...path]/route.ts, not by `rewrites()`: Next.js
  // freezes rewrite destinations at build time, and the gateway's address is only known at start.
};

export default nextConfig;
