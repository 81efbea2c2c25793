import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { IdentityRpc, NexusError, parseApiKeyToken, type Principal, type RequestMetaInput } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { AccessTokenService } from './access-token.service.js';

/** How the gateway itself appears on the bus when it checks a credential. */
export const GATEWAY_ACTOR = { type: 'system', name: 'gateway' } as const;

/**
 * Turns the `Authorization: Bearer …` header into a principal: an access token (verified here,
 * its session and user checked by inventory) or an API key (checked by inventory). No header: null.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly bus: BusClient,
  ) {}

  async authenticate(authorization: string | undefined, requestId: string): Promise<Principal | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new NexusError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
    const token = match[1];
    const meta: RequestMetaInput = { actor: GATEWAY_ACTOR, requestId: requestId || randomUUID() };
    const apiKey = parseApiKeyToken(token);
    if (apiKey) {
      const secretSha256 = createHash('sha256').update(apiKey.secret).digest('hex');
      return this.bus.request(IdentityRpc.resolveApiKey, { apiKeyId: apiKey.apiKeyId, secretSha256 }, meta);
    }
    const claims = await this.tokens.verify(token);
    return this.bus.request(IdentityRpc.resolveUser, { userId: claims.userId, sessionId: claims.sessionId }, meta);
  }
}
