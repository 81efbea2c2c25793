import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from '@pve-nexus/db';
import { createTestDatabase, REPO_ROOT, type TestDatabase } from '@pve-nexus/testing';
import { AuditRepository } from '../src/audit/audit.repository.js';

const CLI = `${REPO_ROOT}apps/inventory/dist/cli/audit-verify.js`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as `npm run audit:verify` does, against the given environment. */
function runCli(env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const { PATH, HOME } = process.env;
    execFile(process.execPath, ['--enable-source-maps', CLI], { cwd: `${REPO_ROOT}apps/inventory`, env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('npm run audit:verify', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const tenantId = randomUUID();
  const ids: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (nx run-many -t build)`);
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, poolSize: 2 });
    const repository = new AuditRepository(prisma);
    for (const tenant of [tenantId, null, tenantId, tenantId, null]) {
      const { id } = await repository.append({ tenantId: tenant, actor: { type: 'system', name: 'e2e' }, action: 'server.update', outcome: 'success', details: { n: ids.length } });
      if (tenant) ids.push(id);
    }
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('exits 0 and says so when every chain is intact', async () => {
    const run = await runCli({ DATABASE_URL: db.url });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('2 chain(s), 5 entries checked');
    expect(run.stdout).toContain('OK');
  });

  it('exits 1 and names the chain, seq and id of a tampered entry', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The test's superuser, with the append-only triggers off for this session only.
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE audit_entries SET details = '{"n": 42}' WHERE id = $1`, [ids[1]]);
    } finally {
      await client.end();
    }
    const run = await runCli({ DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED, 1 problem(s)');
    expect(run.stdout).toMatch(new RegExp(`chain ${tenantId}\\s+seq 2\\s+entry ${ids[1]}\\s+hash-mismatch`));
  });

  it('exits 1 with the reason when it cannot run', async () => {
    const run = await runCli({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL');
  });
});
