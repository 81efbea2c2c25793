import { Injectable } from '@nestjs/common';
import { NexusError, tenantRoleAtLeast, type InvitationView, type RequestMeta, type TenantRole } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { requireTenant } from '@pve-nexus/messaging';
import { actorColumns } from '../audit/audit-record.js';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork, type Tx } from '../db/unit-of-work.repository.js';
import { InvitationRepository } from './invitation.repository.js';
import { TenantRepository } from './tenant.repository.js';
import { UserRepository } from './user.repository.js';

/** How long an invitation waits for its answer. */
const INVITATION_TTL_MS = 14 * 24 * 3_600_000;

/**
 * Invitations: how a tenant admin adds someone without learning whether that person has an account
 * anywhere in the installation (issue 16). The invitation is stored the same way either way; the
 * person sees it once signed in with that address (now, or after an administrator creates the
 * account) and accepts or declines it.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly tenants: TenantRepository,
    private readonly users: UserRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  /** Invites `email` to the request's tenant with `role` (inside the caller's transaction). */
  async invite(tx: Tx, meta: RequestMeta, email: string, role: TenantRole): Promise<{ invitation: InvitationView }> {
    const tenantId = requireTenant(meta);
    const invitation = await this.invitations.upsert(tx, { tenantId, email, role, invitedById: actorColumns(meta.actor).actorId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) });
    await this.audit.append({ tenantId, actor: meta.actor, action: 'member.invite', outcome: 'success', targetType: 'invitation', targetId: invitation.id, requestId: meta.requestId, details: { email, role } }, tx);
    return { invitation };
  }

  async ofTenant(meta: RequestMeta): Promise<{ invitations: InvitationView[] }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'member.list', { tenantId });
    return { invitations: await this.invitations.ofTenant(tenantId, new Date()) };
  }

  async revoke(invitationId: string, meta: RequestMeta): Promise<{ revoked: true }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'member.manage', { tenantId });
    await this.uow.run(async (tx) => {
      const invitation = await this.invitations.find(tx, invitationId);
      if (!invitation || invitation.tenantId !== tenantId) throw new NexusError('NOT_FOUND', 'No such invitation');
      await this.invitations.remove(tx, invitationId);
      await this.audit.append({ tenantId, actor: meta.actor, action: 'member.invite.revoke', outcome: 'success', targetType: 'invitation', targetId: invitationId, requestId: meta.requestId, details: { email: invitation.email } }, tx);
    });
    return { revoked: true };
  }

  async mine(meta: RequestMeta): Promise<{ invitations: InvitationView[] }> {
    authorize(meta.actor, 'self.invitations');
    const user = await this.caller(meta);
    return { invitations: await this.invitations.ofEmail(user.email, new Date()) };
  }

  /** Accepting makes the caller a member with the invited role (an existing membership keeps the higher of the two). */
  async answer(invitationId: string, accept: boolean, meta: RequestMeta): Promise<{ membership: { tenantId: string; role: TenantRole } | null }> {
    authorize(meta.actor, 'self.invitations');
    const user = await this.caller(meta);
    return this.uow.run(async (tx) => {
      const invitation = await this.invitations.find(tx, invitationId);
      // Someone else's invitation reads as absent: ids are not secrets, but they are nobody else's business.
      if (!invitation || invitation.email !== user.email || Date.parse(invitation.expiresAt) <= Date.now()) throw new NexusError('NOT_FOUND', 'No such invitation');
      await this.invitations.remove(tx, invitationId);
      const base = { tenantId: invitation.tenantId, actor: meta.actor, targetType: 'invitation', targetId: invitationId, requestId: meta.requestId, outcome: 'success' as const };
      if (!accept) {
        await this.audit.append({ ...base, action: 'member.invite.decline', details: { email: user.email } }, tx);
        return { membership: null };
      }
      const current = await this.tenants.findMember(tx, invitation.tenantId, user.id);
      const role = current && tenantRoleAtLeast(current.role, invitation.role) ? current.role : invitation.role;
      await this.tenants.putMember(tx, invitation.tenantId, user.id, role);
      await this.audit.append({ ...base, action: 'member.invite.accept', details: { email: user.email, role } }, tx);
      return { membership: { tenantId: invitation.tenantId, role } };
    });
  }

  private async caller(meta: RequestMeta) {
    if (meta.actor.type !== 'user') throw new NexusError('FORBIDDEN', 'Only people have invitations');
    const user = await this.users.findById(meta.actor.userId);
    if (!user) throw new NexusError('UNAUTHENTICATED', 'Sign in again');
    return user;
  }
}
