import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { NexusError } from '@pve-nexus/contracts';

export interface AccessTokenOptions {
  secret: string;
  ttlSeconds: number;
}
export const ACCESS_TOKEN_OPTIONS = Symbol('ACCESS_TOKEN_OPTIONS');

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

const ISSUER = 'pve-nexus';
const AUDIENCE = 'pve-nexus-api';

/**
 * Short-lived access tokens (HS256 JWT) naming the user and the session. They carry no roles: the
 * gateway resolves those on every request, so a role change or a revoked session applies at once.
 */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(ACCESS_TOKEN_OPTIONS) private readonly options: AccessTokenOptions) {
    this.key = new TextEncoder().encode(options.secret);
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.options.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new NexusError('UNAUTHENTICATED', 'Invalid access token');
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new NexusError('UNAUTHENTICATED', 'Access token expired');
      throw new NexusError('UNAUTHENTICATED', 'Invalid access token');
    }
  }
}
