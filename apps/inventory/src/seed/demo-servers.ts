import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { seal, type KeyRing } from '@pve-nexus/crypto';
import type { PrismaClient } from '@pve-nexus/db';
import { contextOf } from '../servers/credential.vault.js';

/** What `npm run up` passes in NEXUS_DEMO_SERVERS: the simulated fleet, with the fingerprints it serves. */
export const DemoServers = z.array(
  z.object({
    name: z.string(),
    host: z.string(),
    port: z.number().int(),
    apiToken: z.string(),
    useTailscale: z.boolean().default(false),
    tailscaleHostname: z.string().nullable().default(null),
    tailscalePort: z.number().int().default(8006),
    fingerprints: z.record(z.string(), z.string()),
  }),
);

/**
 * Registers the simulated servers in the demo tenant (those not there yet), tokens sealed like any
 * other and fingerprints already accepted, so the demo opens on a working fleet.
 */
export async function seedDemoServers(prisma: PrismaClient, ring: KeyRing, tenantId: string, servers: z.output<typeof DemoServers>): Promise<number> {
  let added = 0;
  for (const server of servers) {
    if (await prisma.proxmoxServer.findUnique({ where: { tenantId_name: { tenantId, name: server.name } } })) continue;
    const credentialId = randomUUID();
    const sealed = seal(ring, server.apiToken, contextOf(credentialId));
    await prisma.$transaction(async (tx) => {
      await tx.credential.create({ data: { id: credentialId, tenantId, kind: 'proxmox_api_token', keyId: sealed.keyId, ciphertext: new Uint8Array(sealed.ciphertext) } });
      await tx.proxmoxServer.create({
        data: {
          tenantId,
          credentialId,
          name: server.name,
          host: server.host,
          port: server.port,
          useTailscale: server.useTailscale,
          tailscaleHostname: server.tailscaleHostname,
          tailscalePort: server.tailscalePort,
          pins: { create: Object.entries(server.fingerprints).map(([node, fingerprint]) => ({ node, fingerprint, acceptedById: 'seed-demo' })) },
        },
      });
    });
    added += 1;
  }
  return added;
}
