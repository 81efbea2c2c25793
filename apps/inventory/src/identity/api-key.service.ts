import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { formatApiKeyToken, NexusError, type ApiKeyView, type IdentityRpc, type Principal, type RequestMeta, type RpcRequest } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { AccessRevocations } from './access-revocations.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { toApiKeyView } from './identity.mapper.js';
import { requireTenant } from '@pve-nexus/messaging';
import { newSecret, sameHash, sha256 } from './secret.util.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(meta: RequestMeta): Promise<{ apiKeys: ApiKeyView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'apikey.list', { tenantId });
    return { apiKeys: (await this.keys.list(tenantId)).map(toApiKeyView) };
  }

  /** The token is returned here and never again; only its SHA-256 is stored. */
  async create(request: RpcRequest<typeof IdentityRpc.createApiKey>, meta: RequestMeta): Promise<{ apiKey: ApiKeyView; token: string }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'apikey.create', { tenantId });
    if (request.expiresAt !== undefined) refuseShortExpiry(new Date(request.expiresAt));
    const id = randomUUID();
    const secret = newSecret();
    const token = formatApiKeyToken(id, secret);
    const key = await this.uow.run(async (tx) => {
      const created = await this.keys.create(tx, {
        id,
        tenantId,
        name: request.name,
        role: request.role,
        secretHash: sha256(secret),
        prefix: token.slice(0, 12),
        ...(meta.actor.type === 'user' ? { createdById: meta.actor.userId } : {}),
        ...(request.expiresAt ? { expiresAt: new Date(request.expiresAt) } : {}),
      });
      await this.audit.append({ tenantId, actor: meta.actor, action: 'apikey.create', outcome: 'success', targetType: 'api-key', targetId: id, requestId: meta.requestId, details: { name: request.name, role: request.role } }, tx);
      return created;
    });
    return { apiKey: toApiKeyView(key), token };
  }

  async revoke(apiKeyId: string, meta: RequestMeta): Promise<{ apiKey: ApiKeyView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'apikey.revoke', { tenantId });
    const key = await this.uow.run(async (tx) => {
      const revoked = await this.keys.revoke(tx, tenantId, apiKeyId);
      if (!revoked) throw new NexusError('NOT_FOUND', 'No such API key');
      await this.audit.append({ tenantId, actor: meta.actor, action: 'apikey.revoke', outcome: 'success', targetType: 'api-key', targetId: apiKeyId, requestId: meta.requestId }, tx);
      return revoked;
    });
    await this.revocations.announce({ apiKeyId, tenantId, reason: 'api-key-revoked' });
    return { apiKey: toApiKeyView(key) };
  }

  /** Checks a presented key (its id and the SHA-256 of its secret); refused once revoked, expired or its tenant deactivated. */
  async authenticate(request: RpcRequest<typeof IdentityRpc.resolveApiKey>, meta: RequestMeta): Promise<Principal> {
    authorize(meta.actor, 'principal.resolve');
    const key = await this.keys.findWithTenant(request.apiKeyId);
    const now = new Date();
    const valid =
      key !== null &&
      sameHash(key.secretHash, Buffer.from(request.secretSha256, 'hex')) &&
      !key.revokedAt &&
      (!key.expiresAt || key.expiresAt > now) &&
      key.tenant.active;
    if (!valid) throw new NexusError('UNAUTHENTICATED', 'Invalid API key');
    await this.keys.touch(key.id, now);
    return { type: 'api-key', apiKeyId: key.id, tenantId: key.tenantId, role: key.role };
  }
}

/** A key must outlive its creation by this much: one already expired (or about to) is a mistake. */
export const API_KEY_MIN_LIFETIME_MS = 60 * 60 * 1000;

function refuseShortExpiry(expiresAt: Date): void {
  if (expiresAt.getTime() - Date.now() < API_KEY_MIN_LIFETIME_MS) {
    throw new NexusError('VALIDATION', 'Invalid API key', [{ path: 'expiresAt', message: 'must be at least an hour from now' }]);
  }
}
