import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NexusError, type RequestMeta, type RpcRequestData, type ServerConnection, type ServerRpc, type ServerView } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork, type Tx } from '../db/unit-of-work.repository.js';
import { requireTenant } from '@pve-nexus/messaging';
import { isUniqueViolation } from '../identity/prisma-errors.repository.js';
import { CredentialVault } from './credential.vault.js';
import { toConnection, toServerView } from './server.mapper.js';
import { EgressPolicyService } from './egress-policy.service.js';
import { ServerRepository } from './server.repository.js';
import type { NewServer, ServerRow } from './server.rows.js';

type CreateInput = RpcRequestData<typeof ServerRpc.create>;

/** A tenant's Proxmox servers: quota, write-only tokens, TLS pins, and audited use of the token. */
@Injectable()
export class ServerService {
  constructor(
    private readonly servers: ServerRepository,
    private readonly vault: CredentialVault,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly egress: EgressPolicyService,
  ) {}

  async list(query: RpcRequestData<typeof ServerRpc.list>, meta: RequestMeta): Promise<{ servers: ServerView[]; nextCursor: string | null }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.read', { tenantId });
    const rows = await this.servers.list(tenantId, { limit: query.limit + 1, ...(query.cursor ? { after: query.cursor } : {}) });
    const page = rows.slice(0, query.limit);
    return { servers: page.map(toServerView), nextCursor: rows.length > query.limit ? (page.at(-1)?.name ?? null) : null };
  }

  async get(serverId: string, meta: RequestMeta): Promise<{ server: ServerView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.read', { tenantId });
    return { server: toServerView(await this.existing(tenantId, serverId)) };
  }

  async create(input: CreateInput, meta: RequestMeta): Promise<{ server: ServerView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.write', { tenantId });
    const server = this.prepare(input);
    const created = await this.uow
      .run(async (tx) => {
        await this.egress.check([server], tx);
        await this.ensureRoom(tx, tenantId, 1);
        await this.servers.create(tx, tenantId, [server]);
        await this.record(tx, meta, tenantId, 'server.create', server.id, { name: server.name, host: server.host, useTailscale: server.useTailscale });
        return this.servers.find(tenantId, server.id, tx);
      })
      .catch(conflictOnName);
    return { server: toServerView(created!) };
  }

  async update(request: RpcRequestData<typeof ServerRpc.update>, meta: RequestMeta): Promise<{ server: ServerView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.write', { tenantId });
    const { apiToken, ...changes } = request.changes;
    const updated = await this.uow
      .run(async (tx) => {
        const current = await this.existing(tenantId, request.serverId, tx);
        const next = { ...current, ...changes };
        if (next.useTailscale && !next.tailscaleHostname) {
          throw new NexusError('VALIDATION', 'Invalid server', [{ path: 'tailscaleHostname', message: 'required when useTailscale is on' }]);
        }
        // Another address may answer with other certificates: pins of the old one must not carry over.
        const moved = ['host', 'port', 'useTailscale', 'tailscaleHostname', 'tailscalePort'].some(
          (key) => key in changes && changes[key as keyof typeof changes] !== current[key as keyof ServerRow],
        );
        // A stored token stays bound to the address it was entered for: otherwise anyone who may edit
        // a server could point it at a host of theirs and have the first connection test hand them the
        // token (the test trusts a new address on first use, as it must to show its certificates).
        if (moved && !apiToken) {
          throw new NexusError('VALIDATION', 'Invalid server', [{ path: 'apiToken', message: 'enter the API token again when changing where the server is reached' }]);
        }
        if (moved) await this.egress.check([next], tx);
        if (apiToken) await this.servers.replaceToken(tx, current.credentialId, this.vault.seal(current.credentialId, apiToken));
        if (moved) await this.servers.clearPins(tx, current.id);
        const row = await this.servers.update(tx, current.id, changes);
        await this.record(tx, meta, tenantId, 'server.update', current.id, { changes: Object.keys(changes), tokenReplaced: Boolean(apiToken), pinsCleared: moved });
        return row;
      })
      .catch(conflictOnName);
    return { server: toServerView(updated) };
  }

  async delete(serverId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.write', { tenantId });
    await this.uow.run(async (tx) => {
      const server = await this.existing(tenantId, serverId, tx);
      await this.servers.delete(tx, server);
      await this.record(tx, meta, tenantId, 'server.delete', serverId, { name: server.name });
    });
    return { deleted: true };
  }

  /** Pins what a person confirmed after a connection test: first use, a new node, or a rotated certificate. */
  async acceptFingerprints(request: RpcRequestData<typeof ServerRpc.acceptFingerprints>, meta: RequestMeta): Promise<{ server: ServerView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.tls.accept', { tenantId });
    const actorId = meta.actor.type === 'user' ? meta.actor.userId : meta.actor.type === 'api-key' ? meta.actor.apiKeyId : meta.actor.name;
    const server = await this.uow.run(async (tx) => {
      const current = await this.existing(tenantId, request.serverId, tx);
      await this.servers.pin(tx, current.id, request.fingerprints, actorId);
      const changed = request.fingerprints.map((pin) => ({
        node: pin.node,
        fingerprint: pin.fingerprint,
        previous: current.pins.find((existing) => existing.node === pin.node)?.fingerprint ?? null,
      }));
      await this.record(tx, meta, tenantId, 'server.tls.accept', current.id, { pins: changed });
      return this.servers.find(tenantId, current.id, tx);
    });
    return { server: toServerView(server!) };
  }

  /** The server with its token decrypted, for the executor; every decryption is audited. */
  async connection(serverId: string, purpose: string, meta: RequestMeta): Promise<ServerConnection> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.read', { tenantId });
    const server = await this.existing(tenantId, serverId);
    const sealed = await this.servers.sealedToken(server.credentialId);
    if (!sealed) throw new NexusError('NOT_FOUND', 'The server has no stored token');
    const apiToken = this.vault.open(server.credentialId, sealed);
    await this.audit.append({
      tenantId,
      actor: meta.actor,
      action: 'credential.decrypt',
      outcome: 'success',
      targetType: 'server',
      targetId: server.id,
      requestId: meta.requestId,
      details: { purpose, keyId: sealed.keyId },
    });
    return { ...toConnection(server, apiToken), egress: await this.egress.current() };
  }

  /** A new server's rows, token sealed under the active key (used by create and CSV import). */
  prepare(input: CreateInput): NewServer {
    const credentialId = randomUUID();
    return {
      id: randomUUID(),
      credentialId,
      name: input.name,
      host: input.host,
      port: input.port,
      tlsTrust: input.tlsTrust,
      connectTimeoutMs: input.connectTimeoutMs,
      useTailscale: input.useTailscale,
      tailscaleHostname: input.tailscaleHostname ?? null,
      tailscalePort: input.tailscalePort,
      sealedToken: this.vault.seal(credentialId, input.apiToken),
    };
  }

  /** Throws QUOTA unless `adding` more servers fit the tenant's quota (locks the tenant until commit). */
  async ensureRoom(tx: Tx, tenantId: string, adding: number): Promise<{ quota: number; used: number }> {
    const usage = await this.servers.lockQuota(tx, tenantId);
    if (usage.used + adding > usage.quota) {
      throw new NexusError('QUOTA', `This tenant may have ${usage.quota} servers; it has ${usage.used}`);
    }
    return usage;
  }

  private async existing(tenantId: string, serverId: string, tx?: Tx): Promise<ServerRow> {
    const server = await this.servers.find(tenantId, serverId, tx);
    if (!server) throw new NexusError('NOT_FOUND', 'No such server');
    return server;
  }

  private record(tx: Tx, meta: RequestMeta, tenantId: string, action: string, serverId: string, details: Record<string, unknown>) {
    return this.audit.append({ tenantId, actor: meta.actor, action, outcome: 'success', targetType: 'server', targetId: serverId, requestId: meta.requestId, details }, tx);
  }
}

function conflictOnName(error: unknown): never {
  if (isUniqueViolation(error)) throw new NexusError('CONFLICT', 'A server with this name exists', [{ path: 'name', message: 'already in use' }]);
  throw error;
}
