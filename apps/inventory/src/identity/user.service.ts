import { Injectable } from '@nestjs/common';
import { NexusError, type IdentityRpc, type RequestMeta, type RpcRequest, type UserView } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { AccessRevocations } from './access-revocations.js';
import { toUserView } from './identity.mapper.js';
import type { UserRow } from './identity.rows.js';
import { hashPassword, verifyPassword } from './password.hasher.js';
import { assertPasswordPolicy } from './password.policy.js';
import { isUniqueViolation } from './prisma-errors.repository.js';
import { newSecret } from './secret.util.js';
import { SessionRepository } from './session.repository.js';
import { UnitOfWork, type Tx } from '../db/unit-of-work.repository.js';
import { UserRepository } from './user.repository.js';

/** Installation-wide user administration (global admins) and each user's own password. */
@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(meta: RequestMeta): Promise<{ users: UserView[] }> {
    authorize(meta.actor, 'user.list');
    return { users: (await this.users.list()).map(toUserView) };
  }

  /** Creates a user who must choose a password at first sign-in; without one, a one-time password is made and returned once. */
  async create(request: RpcRequest<typeof IdentityRpc.createUser>, meta: RequestMeta): Promise<{ user: UserView; oneTimePassword?: string }> {
    authorize(meta.actor, 'user.create');
    if (request.password !== undefined) assertPasswordPolicy(request.password, request.email, 'password');
    const oneTimePassword = request.password ? undefined : newSecret(12);
    const passwordHash = await hashPassword(request.password ?? oneTimePassword ?? '');
    const user = await this.uow
      .run(async (tx) => {
        const created = await this.users.create(tx, {
          email: request.email.toLowerCase(),
          displayName: request.displayName,
          globalRole: request.globalRole ?? 'user',
          passwordHash,
          mustChangePassword: true,
        });
        await this.record(tx, meta, 'user.create', created.id, { email: created.email, globalRole: created.globalRole });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new NexusError('CONFLICT', 'A user with this e-mail exists', [{ path: 'email', message: 'already in use' }]);
        throw error;
      });
    return { user: toUserView(user), ...(oneTimePassword ? { oneTimePassword } : {}) };
  }

  async update(request: RpcRequest<typeof IdentityRpc.updateUser>, meta: RequestMeta): Promise<{ user: UserView }> {
    authorize(meta.actor, 'user.update');
    const { changes } = request;
    const { user, demoted } = await this.uow.run(async (tx) => {
      const current = await this.existing(tx, request.userId);
      const losesAdmin = current.globalRole === 'admin' && current.active && (changes.globalRole === 'user' || changes.active === false);
      if (losesAdmin) await this.keepOneAdmin(tx);
      const updated = await this.users.update(tx, current.id, changes);
      // A deactivated account loses its sessions at once, not when its access token expires.
      if (changes.active === false) await this.sessions.revokeAllOfUser(tx, current.id);
      await this.record(tx, meta, 'user.update', current.id, { changes });
      return { user: updated, demoted: current.globalRole === 'admin' && changes.globalRole === 'user' };
    });
    if (changes.active === false) await this.revocations.announce({ userId: user.id, reason: 'user-deactivated' });
    else if (demoted) await this.revocations.announce({ userId: user.id, reason: 'global-role-changed' });
    return { user: toUserView(user) };
  }

  async delete(userId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    authorize(meta.actor, 'user.delete');
    if (meta.actor.type === 'user' && meta.actor.userId === userId) throw new NexusError('CONFLICT', 'You cannot delete your own account');
    await this.uow.run(async (tx) => {
      const current = await this.existing(tx, userId);
      if (current.globalRole === 'admin' && current.active) await this.keepOneAdmin(tx);
      await this.users.delete(tx, userId);
      await this.record(tx, meta, 'user.delete', userId, { email: current.email });
    });
    await this.revocations.announce({ userId, reason: 'user-deleted' });
    return { deleted: true };
  }

  /** The caller's own password. Other sessions are signed out; the caller's is kept. */
  async changePassword(request: RpcRequest<typeof IdentityRpc.changePassword>, meta: RequestMeta): Promise<{ changed: true }> {
    authorize(meta.actor, 'self.password.change');
    if (meta.actor.type !== 'user') throw new NexusError('FORBIDDEN', 'Only people have passwords');
    const user = await this.users.findById(meta.actor.userId);
    if (!user || !(await verifyPassword(user.passwordHash, request.currentPassword))) {
      throw new NexusError('VALIDATION', 'Current password is wrong', [{ path: 'currentPassword', message: 'does not match' }]);
    }
    if (request.newPassword === request.currentPassword) {
      throw new NexusError('VALIDATION', 'Choose a new password', [{ path: 'newPassword', message: 'must differ from the current one' }]);
    }
    assertPasswordPolicy(request.newPassword, user.email, 'newPassword');
    const passwordHash = await hashPassword(request.newPassword);
    const revoked = await this.uow.run(async (tx) => {
      await this.users.update(tx, user.id, { passwordHash, mustChangePassword: false });
      const sessionIds = await this.sessions.revokeAllOfUser(tx, user.id, request.keepSessionId);
      await this.record(tx, meta, 'user.password-change', user.id, {});
      return sessionIds;
    });
    // Per session: the caller's own session, and its consoles, stay.
    await this.revocations.announce(...revoked.map((authSessionId) => ({ userId: user.id, authSessionId, reason: 'password-changed' as const })));
    return { changed: true };
  }

  private async existing(tx: Tx, userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId, tx);
    if (!user) throw new NexusError('NOT_FOUND', 'No such user');
    return user;
  }

  private async keepOneAdmin(tx: Tx): Promise<void> {
    if ((await this.users.countActiveAdmins(tx)) <= 1) throw new NexusError('CONFLICT', 'This is the last active global administrator');
  }

  private record(tx: Tx, meta: RequestMeta, action: string, userId: string, details: Record<string, unknown>) {
    return this.audit.append({ tenantId: null, actor: meta.actor, action, outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId, details }, tx);
  }
}
