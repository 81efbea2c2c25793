// `npm run keys:rotate`: re-encrypts every stored credential under the active (first) key of
// NEXUS_ENCRYPTION_KEY. Rotation without downtime:
//   1. put the new key in front of the old one (`new,old`) on every service and restart them in turn:
//      each process then writes with the new key and still reads the old one;
//   2. run this command (safe to re-run; it only touches rows still under another key);
//   3. drop the old key from NEXUS_ENCRYPTION_KEY.
import 'reflect-metadata';
import { z } from 'zod';
import { KeyRing, reseal } from '@pve-nexus/crypto';
import { createPrismaClient } from '@pve-nexus/db';
import { DatabaseEnv, loadConfig, runMain } from '@pve-nexus/service-kit';
import { AuditRepository } from '../audit/audit.repository.js';
import { contextOf } from '../servers/credential.vault.js';

const BATCH = 500;
const RotateEnv = DatabaseEnv.extend({ NEXUS_ENCRYPTION_KEY: z.string() });

runMain(async () => {
  const config = loadConfig(RotateEnv);
  const ring = KeyRing.parse(config.NEXUS_ENCRYPTION_KEY);
  const prisma = createPrismaClient({ url: config.DATABASE_URL, poolSize: 2 });
  const counts: Record<string, number> = {};
  try {
    for (;;) {
      const rows = await prisma.credential.findMany({
        where: { keyId: { not: ring.active.id } },
        select: { id: true, keyId: true, ciphertext: true },
        take: BATCH,
        orderBy: { id: 'asc' },
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const fresh = reseal(ring, { keyId: row.keyId, ciphertext: Buffer.from(row.ciphertext) }, contextOf(row.id));
        if (!fresh) continue;
        // Only if nobody changed the row meanwhile (a token replaced while we ran wins).
        const { count } = await prisma.credential.updateMany({
          where: { id: row.id, keyId: row.keyId },
          data: { keyId: fresh.keyId, ciphertext: new Uint8Array(fresh.ciphertext), rotatedAt: new Date() },
        });
        if (count === 1) counts[row.keyId] = (counts[row.keyId] ?? 0) + 1;
      }
    }
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    await new AuditRepository(prisma).append({
      tenantId: null,
      actor: { type: 'system', name: 'keys-rotate' },
      action: 'credential.rotate',
      outcome: 'success',
      details: { toKeyId: ring.active.id, fromKeyIds: counts, total },
    });
    process.stdout.write(`keys:rotate: ${total} credential(s) re-encrypted under ${ring.active.id}${total ? ` (from ${Object.keys(counts).join(', ')})` : ''}\n`);
    process.stdout.write(`keys:rotate: every credential is now under ${ring.active.id}; the other keys can be removed from NEXUS_ENCRYPTION_KEY\n`);
  } finally {
    await prisma.$disconnect();
  }
});
