import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NexusError, type OpenedTailnetCredentials, type RequestMeta, type TailnetCredentials, type TailnetCredentialsView } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { requireTenant } from '@pve-nexus/messaging';
import { actorColumns } from '../audit/audit-record.js';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { CredentialVault } from '../servers/credential.vault.js';
import { secretOf, toCredentials, toSettingsValues, toSettingsView } from './tailnet-settings.mapper.js';
import { TailnetSettingsRepository } from './tailnet-settings.repository.js';

/**
 * A tenant's tailnet credentials: written by its admins, sealed with the key ring like Proxmox
 * tokens, shown without their secret, opened only for discovery.
 */
@Injectable()
export class TailnetSettingsService {
  constructor(
    private readonly settings: TailnetSettingsRepository,
    private readonly vault: CredentialVault,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async view(meta: RequestMeta): Promise<TailnetCredentialsView | null> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'settings.read', { tenantId });
    const row = await this.settings.find(tenantId);
    return row ? toSettingsView(row) : null;
  }

  async replace(credentials: TailnetCredentials, meta: RequestMeta): Promise<TailnetCredentialsView> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'settings.write', { tenantId });
    const credentialId = randomUUID();
    const values = toSettingsValues(credentials, actorColumns(meta.actor).actorId);
    await this.uow.run(async (tx) => {
      const previous = await this.settings.find(tenantId, tx);
      await this.settings.save(tx, tenantId, values, {
        id: credentialId,
        kind: credentials.method === 'oauth' ? 'tailscale_oauth_client' : 'tailscale_api_key',
        sealed: this.vault.seal(credentialId, secretOf(credentials)),
      });
      const { updatedBy: _by, ...shown } = values;
      await this.audit.append(
        { tenantId, actor: meta.actor, action: 'tailnet.credentials.update', outcome: 'success', targetType: 'tailnet', targetId: tenantId, requestId: meta.requestId, details: { ...shown, replaced: previous !== null } },
        tx,
      );
    });
    return toSettingsView((await this.settings.find(tenantId))!);
  }

  async remove(meta: RequestMeta): Promise<Record<string, never>> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'settings.write', { tenantId });
    await this.uow.run(async (tx) => {
      if (!(await this.settings.remove(tx, tenantId))) throw new NexusError('NOT_FOUND', 'This tenant has no tailnet credentials');
      await this.audit.append({ tenantId, actor: meta.actor, action: 'tailnet.credentials.remove', outcome: 'success', targetType: 'tailnet', targetId: tenantId, requestId: meta.requestId }, tx);
    });
    return {};
  }

  /**
   * The credentials with their secret, for discovery (the bus lets no other service ask). Not audited
   * per call: the monitor opens them every 30 s; changes to them are audited instead.
   */
  async open(meta: RequestMeta): Promise<OpenedTailnetCredentials | null> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'device.read', { tenantId });
    const row = await this.settings.find(tenantId);
    if (!row) return null;
    const sealed = await this.settings.sealedSecret(row.credentialId);
    if (!sealed) return null;
    return { credentials: toCredentials(row, this.vault.open(row.credentialId, sealed)), version: `${row.credentialId}` };
  }

  async tenantIds(meta: RequestMeta): Promise<{ tenantIds: string[] }> {
    if (meta.actor.type !== 'system') throw new NexusError('FORBIDDEN', 'Only services may do this');
    return { tenantIds: await this.settings.tenantIds() };
  }
}
