import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TailnetTools {
  headscale: string;
  tailscaled: string;
  tailscale: string;
}

const ENSURE_SCRIPT = join('scripts', 'ensure-tailnet-tools.sh');

/** The repository root: the nearest folder above this file that holds scripts/ensure-tailnet-tools.sh. */
export function repoRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, ENSURE_SCRIPT))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`tailnetTools: no ${ENSURE_SCRIPT} in any folder above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}

let cached: Promise<TailnetTools> | undefined;

/**
 * The real tailscaled, tailscale and headscale binaries: runs scripts/ensure-tailnet-tools.sh, which
 * builds them once per machine into a cache outside the repository (minutes, the first time) and
 * afterwards only prints the folder. Resolved once per process.
 */
export function tailnetTools(): Promise<TailnetTools> {
  cached ??= locateTools().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function locateTools(): Promise<TailnetTools> {
  const root = repoRoot();
  const folder = await new Promise<string>((resolve, reject) => {
    // No timeout: a first build compiles for many minutes on a busy machine.
    execFile('bash', [join(root, ENSURE_SCRIPT)], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const tail = `${stderr}`.trim().split('\n').slice(-30).join('\n');
        return reject(new Error(`tailnetTools: ${ENSURE_SCRIPT} failed (${error.code ?? error.message}); the real tailnet tests need tailscaled, tailscale and headscale:\n${tail}`));
      }
      resolve(stdout.trim().split('\n').pop() ?? '');
    });
  });
  const tools: TailnetTools = { headscale: join(folder, 'headscale'), tailscaled: join(folder, 'tailscaled'), tailscale: join(folder, 'tailscale') };
  for (const [name, path] of Object.entries(tools)) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw new Error(`tailnetTools: ${ENSURE_SCRIPT} printed '${folder}', but ${name} is not an executable there (${path})`);
    }
  }
  return tools;
}
