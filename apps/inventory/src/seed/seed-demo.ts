// `npm run up` seeds the demo with this: one tenant and a global admin who must replace the printed
// one-time password at first login. Run again, it leaves a set-up admin alone and only mints a new
// one-time password while the previous one was never used (it was shown once and may be lost).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createPrismaClient } from '@pve-nexus/db';
import { DatabaseEnv, loadConfig, runMain } from '@pve-nexus/service-kit';
import { KeyRing } from '@pve-nexus/crypto';
import { hashPassword } from '../identity/password.hasher.js';
import { DemoServers, seedDemoServers } from './demo-servers.js';
import { DemoTailnet, seedDemoTailnet } from './demo-tailnet.js';

const SeedEnv = DatabaseEnv.extend({
  NEXUS_ADMIN_EMAIL: z.email().default('admin@pve-nexus.local'),
  NEXUS_DEMO_TENANT_SLUG: z.string().regex(/^[a-z0-9-]{2,63}$/).default('demo'),
  /** JSON list of simulated servers to register (set by `npm run up`); needs NEXUS_ENCRYPTION_KEY. */
  NEXUS_DEMO_SERVERS: z.string().optional(),
  /** JSON of this run's headscale (set by `npm run up`): the demo tenant's tailnet. */
  NEXUS_DEMO_TAILNET: z.string().optional(),
  NEXUS_ENCRYPTION_KEY: z.string().optional(),
});

runMain(async () => {
  const config = loadConfig(SeedEnv);
  const prisma = createPrismaClient({ url: config.DATABASE_URL, poolSize: 1 });
  try {
    const email = config.NEXUS_ADMIN_EMAIL.toLowerCase();
    const tenant = await prisma.tenant.upsert({
      where: { slug: config.NEXUS_DEMO_TENANT_SLUG },
      update: {},
      create: { slug: config.NEXUS_DEMO_TENANT_SLUG, name: 'Demo MSP' },
    });
    if (config.NEXUS_DEMO_SERVERS && config.NEXUS_ENCRYPTION_KEY) {
      const servers = DemoServers.parse(JSON.parse(config.NEXUS_DEMO_SERVERS));
      const added = await seedDemoServers(prisma, KeyRing.parse(config.NEXUS_ENCRYPTION_KEY), tenant.id, servers);
      console.log(`seed: ${added} simulated Proxmox server(s) added to "${tenant.slug}" (${servers.length} running)`);
    }
    if (config.NEXUS_DEMO_TAILNET && config.NEXUS_ENCRYPTION_KEY) {
      const tailnet = DemoTailnet.parse(JSON.parse(config.NEXUS_DEMO_TAILNET));
      await seedDemoTailnet(prisma, KeyRing.parse(config.NEXUS_ENCRYPTION_KEY), tenant.id, tailnet);
      console.log(`seed: tenant "${tenant.slug}" uses the headscale tailnet at ${tailnet.url} (${tailnet.magicDnsSuffix})`);
    }
    const existing = await prisma.user.findUnique({ where: { email } });
    if (existing && !existing.mustChangePassword) {
      console.log(`seed: admin ${email} is already set up; tenant "${tenant.slug}" ready`);
      return;
    }
    const oneTimePassword = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(oneTimePassword);
    const admin = await prisma.user.upsert({
      where: { email },
      update: { passwordHash, mustChangePassword: true },
      create: { email, displayName: 'Administrator', passwordHash, globalRole: 'admin', mustChangePassword: true },
    });
    await prisma.membership.upsert({
      where: { tenantId_userId: { tenantId: tenant.id, userId: admin.id } },
      update: {},
      create: { tenantId: tenant.id, userId: admin.id, role: 'admin' },
    });
    console.log(`seed: tenant "${tenant.slug}", admin ${email}`);
    console.log(`seed: one-time password: ${oneTimePassword}  (you must change it at first login)`);
  } finally {
    await prisma.$disconnect();
  }
});
