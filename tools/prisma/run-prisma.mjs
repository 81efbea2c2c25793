#!/usr/bin/env node
/**
 * Runs the local Prisma CLI offline: `node tools/prisma/run-prisma.mjs <prisma args...>`.
 *
 * Prisma 7 downloads its native schema-engine before every command, from a CDN
 * this project's machines cannot reach. Pointing PRISMA_SCHEMA_ENGINE_BINARY
 * at ./schema-engine.mjs (the wasm build of the same engine) skips that.
 * A PRISMA_SCHEMA_ENGINE_BINARY already set (e.g. to a native engine) wins.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const prismaPackage = require.resolve('prisma/package.json');
const prismaCli = path.join(path.dirname(prismaPackage), require(prismaPackage).bin.prisma);

const env = {
  ...process.env,
  // The shim starts with `#!/usr/bin/env node`: put this very node first on PATH so it runs there too.
  PATH: [path.dirname(process.execPath), process.env.PATH].filter(Boolean).join(path.delimiter),
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY || fileURLToPath(new URL('./schema-engine.mjs', import.meta.url)),
  PRISMA_HIDE_UPDATE_MESSAGE: '1', // no npm registry look-up for a newer prisma
  CHECKPOINT_DISABLE: '1', // no telemetry / version check-in
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1', // never fail on an unreachable checksum file
};

const child = spawn(process.execPath, [prismaCli, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches the CLI directly (same terminal process group): let it handle it, don't die first.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(signal ? 128 + os.constants.signals[signal] : (code ?? 1)));
