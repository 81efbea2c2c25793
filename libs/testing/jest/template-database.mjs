// Jest's global set-up and tear-down load outside the TypeScript transform, so this stays plain
// JavaScript. Once per integration run: a database migrated with the real migrations, the template
// each test file clones (see createTestDatabase in src/infra/postgres.ts, which reads the same env).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'NEXUS_TEST_TEMPLATE_DB';

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTemplate() {
  const name = `nexus_test_tmpl_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  execFileSync(process.execPath, ['tools/prisma/run-prisma.mjs', 'migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'pipe',
  });
  process.env[TEMPLATE_ENV] = name;
}

export async function dropTemplate() {
  const name = process.env[TEMPLATE_ENV];
  if (name) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
