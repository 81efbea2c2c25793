import { Inject, Injectable } from '@nestjs/common';
import { NexusError, type Principal, type RequestMeta, type RpcRequest, type RpcResponse, type IdentityRpc } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { AccessRevocations } from './access-revocations.js';
import { hashPassword, verifyPassword } from './password.hasher.js';
import { newSecret, sha256 } from './secret.util.js';
import { toMembershipView, toUserView } from './identity.mapper.js';
import { IDENTITY_SETTINGS, type IdentitySettings } from './identity.settings.js';
import { SessionRepository } from './session.repository.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { UserRepository } from './user.repository.js';

type IssuedSession = RpcResponse<typeof IdentityRpc.login>;
const INVALID_CREDENTIALS = 'Invalid e-mail or password';

/** Sign-in, refresh-token rotation, sign-out, and turning a verified token back into a principal. */
@Injectable()
export class SessionService {
  // Verified when the e-mail is unknown, so that unknown and known accounts answer equally slowly.
  private readonly decoyHash = hashPassword(newSecret());

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly revocations: AccessRevocations,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async login(request: RpcRequest<typeof IdentityRpc.login>, meta: RequestMeta): Promise<IssuedSession> {
    authorize(meta.actor, 'session.create');
    const email = request.email.toLowerCase();
    const user = await this.users.findByEmail(email);
    const base = { tenantId: null, action: 'user.login', requestId: meta.requestId } as const;
    if (!user) {
      await verifyPassword(await this.decoyHash, request.password);
      await this.audit.append({ ...base, actor: { type: 'anonymous' }, outcome: 'failure', details: { email, reason: 'unknown-email', ip: request.ip } });
      throw new NexusError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }
    const target = { targetType: 'user', targetId: user.id };
    const now = new Date();
    // No lockout here (anyone could lock anyone out): the gateway backs off per address and account.
    if (!(await verifyPassword(user.passwordHash, request.password)) || !user.active) {
      await this.audit.append({ ...base, ...target, actor: { type: 'anonymous' }, outcome: 'failure', details: { reason: user.active ? 'bad-password' : 'inactive', ip: request.ip } });
      throw new NexusError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }
    const refreshToken = newSecret();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlMs);
    const session = await this.uow.run(async (tx) => {
      await this.users.recordLogin(tx, user.id);
      const created = await this.sessions.create(tx, {
        userId: user.id,
        refreshHash: sha256(refreshToken),
        expiresAt,
        ...(request.ip ? { ip: request.ip } : {}),
        ...(request.userAgent ? { userAgent: request.userAgent } : {}),
      });
      await this.audit.append({ ...base, ...target, actor: { type: 'user', userId: user.id, globalRole: user.globalRole, mustChangePassword: user.mustChangePassword }, outcome: 'success', details: { sessionId: created.id, ip: request.ip } }, tx);
      return created;
    });
    return { sessionId: session.id, refreshToken, expiresAt: expiresAt.toISOString(), user: toUserView({ ...user, lastLoginAt: now }) };
  }

  /**
   * Rotates the refresh token. A token that was already rotated away is being replayed (stolen, or a
   * leaked backup): the whole session is revoked so that neither copy works any more.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<IssuedSession> {
    authorize(meta.actor, 'session.rotate');
    const presented = sha256(refreshToken);
    const session = await this.sessions.findByRefreshHash(presented);
    if (!session) {
      const replayed = await this.sessions.findByPreviousHash(presented);
      if (replayed && (await this.sessions.revoke(replayed.id))) {
        await this.audit.append({ tenantId: null, actor: { type: 'anonymous' }, action: 'session.refresh-reuse', outcome: 'denied', targetType: 'session', targetId: replayed.id, requestId: meta.requestId, details: { userId: replayed.userId } });
        await this.revocations.announce({ userId: replayed.userId, authSessionId: replayed.id, reason: 'refresh-token-replayed' });
      }
      throw new NexusError('UNAUTHENTICATED', 'Session expired; sign in again');
    }
    const user = await this.users.findById(session.userId);
    if (session.revokedAt || session.expiresAt <= new Date() || !user?.active) {
      throw new NexusError('UNAUTHENTICATED', 'Session expired; sign in again');
    }
    const next = newSecret();
    if (!(await this.sessions.rotate(session.id, presented, sha256(next)))) {
      throw new NexusError('UNAUTHENTICATED', 'Session expired; sign in again');
    }
    return { sessionId: session.id, refreshToken: next, expiresAt: session.expiresAt.toISOString(), user: toUserView(user) };
  }

  async logout(sessionId: string, meta: RequestMeta): Promise<{ revoked: boolean }> {
    authorize(meta.actor, 'session.logout');
    const session = await this.sessions.findById(sessionId);
    // Sign-out ends one's own session only; the gateway sends the caller's.
    if (!session || (meta.actor.type === 'user' && meta.actor.userId !== session.userId)) {
      throw new NexusError('NOT_FOUND', 'No such session');
    }
    const revoked = await this.uow.run(async (tx) => {
      const done = await this.sessions.revoke(sessionId, tx);
      if (done) await this.audit.append({ tenantId: null, actor: meta.actor, action: 'user.logout', outcome: 'success', targetType: 'session', targetId: sessionId, requestId: meta.requestId }, tx);
      return done;
    });
    if (revoked) await this.revocations.announce({ userId: session.userId, authSessionId: sessionId, reason: 'signed-out' });
    return { revoked };
  }

  /** The user behind a verified access token, refused when the session or the account has ended. */
  async resolveUser(userId: string, sessionId: string, meta: RequestMeta): Promise<Principal> {
    authorize(meta.actor, 'principal.resolve');
    const [session, user] = await Promise.all([this.sessions.findById(sessionId), this.users.findById(userId)]);
    if (!session || session.userId !== userId || session.revokedAt || session.expiresAt <= new Date() || !user?.active) {
      throw new NexusError('UNAUTHENTICATED', 'Session ended; sign in again');
    }
    const memberships = await this.users.memberships(userId);
    return { type: 'user', sessionId, user: toUserView(user), memberships: memberships.map(toMembershipView) };
  }
}
