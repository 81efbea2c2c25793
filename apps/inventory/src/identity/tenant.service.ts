import { Injectable } from '@nestjs/common';
import { NexusError, type IdentityRpc, type InvitationView, type MemberView, type RequestMeta, type RpcRequest, type TenantView } from '@pve-nexus/contracts';
import { authorize, decide } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { AccessRevocations } from './access-revocations.js';
import { toMemberView, toTenantView } from './identity.mapper.js';
import type { TenantRow } from './identity.rows.js';
import { InvitationService } from './invitation.service.js';
import { isUniqueViolation } from './prisma-errors.repository.js';
import { requireTenant } from '@pve-nexus/messaging';
import { TenantRepository } from './tenant.repository.js';
import { UnitOfWork, type Tx } from '../db/unit-of-work.repository.js';
import { UserRepository } from './user.repository.js';

/** Tenants and who belongs to them. Lifecycle events go to the global chain, the rest to the tenant's. */
@Injectable()
export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly users: UserRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly revocations: AccessRevocations,
    private readonly invitations: InvitationService,
  ) {}

  /** Global admins see every tenant; others the tenants they belong to; an API key its own. */
  async list(meta: RequestMeta): Promise<{ tenants: TenantView[] }> {
    authorize(meta.actor, 'tenant.list');
    const { actor } = meta;
    let rows: TenantRow[];
    if (decide(actor, 'tenant.list.all').allowed) rows = await this.tenants.listAll();
    else if (actor.type === 'user') rows = await this.tenants.listOfUser(actor.userId);
    else if (actor.type === 'api-key') rows = [await this.tenants.findById(actor.tenantId)].filter((row): row is TenantRow => row !== null);
    else rows = [];
    return { tenants: rows.map(toTenantView) };
  }

  async create(request: RpcRequest<typeof IdentityRpc.createTenant>, meta: RequestMeta): Promise<{ tenant: TenantView }> {
    authorize(meta.actor, 'tenant.create');
    const tenant = await this.uow
      .run(async (tx) => {
        const created = await this.tenants.create(tx, { slug: request.slug, name: request.name, serverQuota: request.serverQuota ?? 50 });
        await this.record(tx, meta, null, 'tenant.create', 'tenant', created.id, { slug: created.slug, name: created.name });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new NexusError('CONFLICT', 'A tenant with this slug exists', [{ path: 'slug', message: 'already in use' }]);
        throw error;
      });
    return { tenant: toTenantView(tenant) };
  }

  async get(meta: RequestMeta): Promise<{ tenant: TenantView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'tenant.read', { tenantId });
    return { tenant: toTenantView(await this.existing(tenantId)) };
  }

  async rename(name: string, meta: RequestMeta): Promise<{ tenant: TenantView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'tenant.rename', { tenantId });
    const before = await this.existing(tenantId);
    const tenant = await this.uow.run(async (tx) => {
      const renamed = await this.tenants.update(tx, tenantId, { name });
      await this.record(tx, meta, tenantId, 'tenant.rename', 'tenant', tenantId, { from: before.name, to: name });
      return renamed;
    });
    return { tenant: toTenantView(tenant) };
  }

  /** A deactivated tenant's members lose access at once: the gateway checks `active` on every request. */
  async setActive(active: boolean, meta: RequestMeta): Promise<{ tenant: TenantView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, active ? 'tenant.activate' : 'tenant.deactivate', { tenantId });
    await this.existing(tenantId);
    const tenant = await this.uow.run(async (tx) => {
      const updated = await this.tenants.update(tx, tenantId, { active, deactivatedAt: active ? null : new Date() });
      await this.record(tx, meta, null, active ? 'tenant.activate' : 'tenant.deactivate', 'tenant', tenantId, {});
      return updated;
    });
    if (!active) await this.revocations.announce({ tenantId, reason: 'tenant-deactivated' });
    return { tenant: toTenantView(tenant) };
  }

  async listMembers(meta: RequestMeta): Promise<{ members: MemberView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'member.list', { tenantId });
    await this.existing(tenantId);
    return { members: (await this.tenants.listMembers(tenantId)).map(toMemberView) };
  }

  /**
   * Changes a member's role, or adds someone by e-mail: directly for a global admin (who manages every
   * account anyway), as an invitation for a tenant admin, answered the same whether or not an account
   * with that address exists. A tenant always keeps at least one admin.
   */
  async putMember(request: RpcRequest<typeof IdentityRpc.putMember>, meta: RequestMeta): Promise<{ member: MemberView } | { invitation: InvitationView }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'member.manage', { tenantId });
    await this.existing(tenantId);
    const email = request.email.toLowerCase();
    const globalAdmin = meta.actor.type === 'user' && meta.actor.globalRole === 'admin';
    if (!globalAdmin && !(await this.tenants.findMemberByEmail(tenantId, email))) {
      return this.uow.run((tx) => this.invitations.invite(tx, meta, email, request.role));
    }
    const user = await this.users.findByEmail(email);
    if (!user) throw new NexusError('NOT_FOUND', 'No user with this e-mail', [{ path: 'email', message: 'unknown' }]);
    const { member, roleChanged } = await this.uow.run(async (tx) => {
      const current = await this.tenants.findMember(tx, tenantId, user.id);
      if (current?.role === 'admin' && request.role !== 'admin') await this.keepOneAdmin(tx, tenantId);
      const saved = await this.tenants.putMember(tx, tenantId, user.id, request.role);
      await this.record(tx, meta, tenantId, 'member.put', 'user', user.id, { email: user.email, from: current?.role ?? null, to: request.role });
      return { member: saved, roleChanged: current !== null && current.role !== request.role };
    });
    // Live consoles carry the rights of the role they were opened with; they reopen with the new one.
    if (roleChanged) await this.revocations.announce({ userId: user.id, tenantId, reason: 'member-role-changed' });
    return { member: toMemberView(member) };
  }

  async removeMember(userId: string, meta: RequestMeta): Promise<{ removed: true }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'member.manage', { tenantId });
    await this.uow.run(async (tx) => {
      const current = await this.tenants.findMember(tx, tenantId, userId);
      if (!current) throw new NexusError('NOT_FOUND', 'Not a member of this tenant');
      if (current.role === 'admin') await this.keepOneAdmin(tx, tenantId);
      await this.tenants.removeMember(tx, tenantId, userId);
      await this.record(tx, meta, tenantId, 'member.remove', 'user', userId, { email: current.user.email });
    });
    await this.revocations.announce({ userId, tenantId, reason: 'member-removed' });
    return { removed: true };
  }

  private async existing(tenantId: string): Promise<TenantRow> {
    const tenant = await this.tenants.findById(tenantId);
    if (!tenant) throw new NexusError('NOT_FOUND', 'No such tenant');
    return tenant;
  }

  private async keepOneAdmin(tx: Tx, tenantId: string): Promise<void> {
    if ((await this.tenants.countAdmins(tx, tenantId)) <= 1) throw new NexusError('CONFLICT', 'A tenant needs at least one admin');
  }

  private record(tx: Tx, meta: RequestMeta, chainTenant: string | null, action: string, targetType: string, targetId: string, details: Record<string, unknown>) {
    return this.audit.append({ tenantId: chainTenant, actor: meta.actor, action, outcome: 'success', targetType, targetId, requestId: meta.requestId, details }, tx);
  }
}
