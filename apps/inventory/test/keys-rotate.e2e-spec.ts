import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { KeyRing, open } from '@pve-nexus/crypto';
import { createPrismaClient, type PrismaClient } from '@pve-nexus/db';
import { createTestDatabase, REPO_ROOT, type TestDatabase } from '@pve-nexus/testing';
import { seedDemoServers } from '../src/seed/demo-servers.js';
import { contextOf } from '../src/servers/credential.vault.js';

const keyA = `ka:${randomBytes(32).toString('base64')}`;
const keyB = `kb:${randomBytes(32).toString('base64')}`;

function runNode(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { cwd: `${REPO_ROOT}apps/inventory`, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run keys:rotate', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const tokens = ['a@pve!t1=secret-one', 'a@pve!t2=secret-two', 'a@pve!t3=secret-three'];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, poolSize: 2 });
    const tenant = await prisma.tenant.create({ data: { slug: 'rotation', name: 'Rotation' } });
    const servers = tokens.map((apiToken, i) => ({ name: `s${i}`, host: `127.0.1.${i}`, port: 8006, apiToken, useTailscale: false, tailscaleHostname: null, tailscalePort: 8006, fingerprints: {} }));
    await seedDemoServers(prisma, KeyRing.parse(keyA), tenant.id, servers);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('re-encrypts every credential under the new key, after which the old key can go', async () => {
    const run = await runNode('dist/cli/keys-rotate.js', { DATABASE_URL: db.url, NEXUS_ENCRYPTION_KEY: `${keyB},${keyA}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 credential(s) re-encrypted under kb (from ka)');

    const rows = await prisma.credential.findMany();
    expect(rows.map((row) => row.keyId)).toEqual(['kb', 'kb', 'kb']);
    const onlyB = KeyRing.parse(keyB);
    const opened = rows.map((row) => open(onlyB, { keyId: row.keyId, ciphertext: Buffer.from(row.ciphertext) }, contextOf(row.id)));
    expect(opened.sort()).toEqual([...tokens].sort());

    const again = await runNode('dist/cli/keys-rotate.js', { DATABASE_URL: db.url, NEXUS_ENCRYPTION_KEY: `${keyB},${keyA}` });
    expect(again.stdout).toContain('0 credential(s) re-encrypted');
    const audit = await prisma.auditEntry.findMany({ where: { action: 'credential.rotate' }, orderBy: { seq: 'asc' } });
    expect(audit.map((entry) => (entry.details as { total: number }).total)).toEqual([3, 0]);
  });

  it('keeps inventory from starting without a valid key ring, and never echoes the key', async () => {
    const bad = 'kx:bm90LTMyLWJ5dGVz';
    const run = await runNode('dist/main.js', { DATABASE_URL: db.url, NEXUS_ENCRYPTION_KEY: bad, HTTP_PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NEXUS_ENCRYPTION_KEY');
    expect(run.stderr).toContain('key must be 32 bytes');
    expect(run.stderr).not.toContain('bm90LTMyLWJ5dGVz');
    const missing = await runNode('dist/main.js', { DATABASE_URL: db.url, HTTP_PORT: '0' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NEXUS_ENCRYPTION_KEY');
  });
});
