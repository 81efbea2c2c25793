import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './service-process.js';
import type { Stack } from './stack.js';

export interface SeededAdmin {
  email: string;
  oneTimePassword: string;
  tenantSlug: string;
}

/**
 * Runs the real demo seed (apps/inventory/dist/seed/seed-demo.js) against the stack's database and
 * reads the printed one-time password, as a person running `npm run up` would.
 */
export async function seedDemoAdmin(stack: Pick<Stack, 'database'>): Promise<SeededAdmin> {
  const { stdout } = await promisify(execFile)(process.execPath, ['apps/inventory/dist/seed/seed-demo.js'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: stack.database.url },
  });
  const password = /one-time password: (\S+)/.exec(stdout)?.[1];
  const email = /admin (\S+@\S+)/.exec(stdout)?.[1];
  if (!password || !email) throw new Error(`seed printed no credentials:\n${stdout}`);
  return { email, oneTimePassword: password, tenantSlug: 'demo' };
}
