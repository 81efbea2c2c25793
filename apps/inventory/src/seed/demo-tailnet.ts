import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HeadscaleApiKey, HeadscaleUrl } from '@pve-nexus/contracts';
import { seal, type KeyRing } from '@pve-nexus/crypto';
import type { PrismaClient } from '@pve-nexus/db';
import { contextOf } from '../servers/credential.vault.js';
import { toSettingsValues } from '../tailnet/tailnet-settings.mapper.js';

/** What `npm run up` passes in NEXUS_DEMO_TAILNET: its headscale server, made anew each run. */
export const DemoTailnet = z.object({ url: HeadscaleUrl, apiKey: HeadscaleApiKey, magicDnsSuffix: z.string(), user: z.string() });

/**
 * Gives the demo tenant the credentials of this run's headscale (replacing those of an earlier run,
 * whose server is gone), sealed like any other, so the demo opens with its tailnet discovered.
 */
export async function seedDemoTailnet(prisma: PrismaClient, ring: KeyRing, tenantId: string, tailnet: z.output<typeof DemoTailnet>): Promise<void> {
  const credentials = { control: 'headscale', method: 'api_token', url: tailnet.url, apiToken: tailnet.apiKey, magicDnsSuffix: tailnet.magicDnsSuffix, user: tailnet.user } as const;
  const values = toSettingsValues(credentials, 'seed-demo');
  const credentialId = randomUUID();
  const sealed = seal(ring, tailnet.apiKey, contextOf(credentialId));
  await prisma.$transaction(async (tx) => {
    const previous = await tx.tailnetSettings.findUnique({ where: { tenantId }, select: { credentialId: true } });
    await tx.credential.create({ data: { id: credentialId, tenantId, kind: 'tailscale_api_key', keyId: sealed.keyId, ciphertext: new Uint8Array(sealed.ciphertext) } });
    await tx.tailnetSettings.upsert({ where: { tenantId }, create: { tenantId, ...values, credentialId }, update: { ...values, credentialId } });
    if (previous) await tx.credential.delete({ where: { id: previous.credentialId } });
  });
}
