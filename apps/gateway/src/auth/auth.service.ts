import { Inject, Injectable } from '@nestjs/common';
import { IdentityRpc, NexusError, type MembershipView, type Principal, type RequestMeta, type UserView } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { AccessTokenService } from './access-token.service.js';
import { GATEWAY_ACTOR } from './authenticator.js';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  user: UserView;
  memberships: MembershipView[];
}

/** Sign-in and token renewal: inventory checks the password or refresh token, the gateway signs the access token. */
@Injectable()
export class AuthService {
  constructor(
    private readonly bus: BusClient,
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
  ) {}

  async login(email: string, password: string, client: { ip?: string; userAgent?: string }, requestId: string): Promise<SignedIn> {
    const meta = { actor: GATEWAY_ACTOR, requestId };
    const session = await this.bus.request(IdentityRpc.login, { email, password, ...client }, meta);
    return this.signedIn(session, requestId);
  }

  async refresh(refreshToken: string | undefined, requestId: string): Promise<SignedIn> {
    if (!refreshToken) throw new NexusError('UNAUTHENTICATED', 'No refresh token');
    const session = await this.bus.request(IdentityRpc.refresh, { refreshToken }, { actor: GATEWAY_ACTOR, requestId });
    return this.signedIn(session, requestId);
  }

  async logout(principal: Principal | null, meta: RequestMeta): Promise<void> {
    if (principal?.type !== 'user') return;
    await this.bus.request(IdentityRpc.logout, { sessionId: principal.sessionId }, meta);
  }

  private async signedIn(session: { sessionId: string; refreshToken: string; expiresAt: string; user: UserView }, requestId: string): Promise<SignedIn> {
    const principal = await this.bus.request(IdentityRpc.resolveUser, { userId: session.user.id, sessionId: session.sessionId }, { actor: GATEWAY_ACTOR, requestId });
    return {
      accessToken: await this.tokens.issue({ userId: session.user.id, sessionId: session.sessionId }),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
      refreshToken: session.refreshToken,
      refreshExpiresAt: session.expiresAt,
      user: session.user,
      memberships: principal.type === 'user' ? principal.memberships : [],
    };
  }
}
