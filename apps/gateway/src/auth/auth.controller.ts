import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChangePasswordBody, IdentityRpc, NexusError, LoginBody, RefreshBody, type MeResponse, type Principal, type RequestMeta, type SessionResponse } from '@pve-nexus/contracts';
import { BusClient } from '@pve-nexus/messaging';
import { body } from '../http/zod.pipe.js';
import { requestIdOf } from '../http/request-id.middleware.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { Authorize } from './authorize.decorator.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.js';
import { CurrentPrincipal, Meta } from './request-context.js';

export const COOKIE_SECURE = Symbol('COOKIE_SECURE');

@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginRateLimiter,
    private readonly bus: BusClient,
    @Inject(COOKIE_SECURE) private readonly secureCookie: boolean,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Authorize('session.login')
  async login(@Body(body(LoginBody)) input: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const client = req.ip ?? 'unknown';
    await this.limiter.hit(client);
    const buckets = this.limiter.signInBuckets(client, input.email);
    await this.limiter.check(buckets);
    const userAgent = req.header('user-agent')?.slice(0, 256);
    let signedIn: SignedIn;
    try {
      signedIn = await this.auth.login(input.email, input.password, { ...(req.ip ? { ip: req.ip } : {}), ...(userAgent ? { userAgent } : {}) }, requestIdOf(req));
    } catch (error) {
      if (error instanceof NexusError && error.code === 'UNAUTHENTICATED') await this.limiter.fail(buckets);
      throw error;
    }
    await this.limiter.succeed(buckets[1]!);
    return this.answer(signedIn, input.session === 'cookie', res);
  }

  /** Renews the access token; the refresh token rotates (cookie for the web, body for API clients). */
  @Post('auth/refresh')
  @HttpCode(200)
  @Authorize('session.refresh')
  async refresh(@Body(body(RefreshBody)) input: { refreshToken?: string }, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const fromCookie = input.refreshToken === undefined;
    const signedIn = await this.auth.refresh(input.refreshToken ?? readRefreshCookie(req), requestIdOf(req));
    return this.answer(signedIn, fromCookie, res);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Authorize('session.logout')
  async logout(@CurrentPrincipal() principal: Principal | null, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(principal, meta);
    clearRefreshCookie(res, this.secureCookie);
  }

  @Post('auth/password')
  @HttpCode(204)
  @Authorize('self.password.change')
  async changePassword(@Body(body(ChangePasswordBody)) input: ChangePasswordBody, @CurrentPrincipal() principal: Principal | null, @Meta() meta: RequestMeta): Promise<void> {
    const keepSessionId = principal?.type === 'user' ? principal.sessionId : undefined;
    const bucket = principal?.type === 'user' ? this.limiter.passwordBucket(principal.user.id) : undefined;
    if (bucket) await this.limiter.check([bucket]);
    try {
      await this.bus.request(IdentityRpc.changePassword, { ...input, ...(keepSessionId ? { keepSessionId } : {}) }, meta);
    } catch (error) {
      if (bucket && error instanceof NexusError && error.issues?.some((issue) => issue.path === 'currentPassword')) await this.limiter.fail([bucket]);
      throw error;
    }
    if (bucket) await this.limiter.succeed(bucket);
  }

  @Get('me')
  @Authorize('self.read')
  me(@CurrentPrincipal() principal: Principal): MeResponse {
    return principal.type === 'user'
      ? { type: 'user', user: principal.user, memberships: principal.memberships }
      : { type: 'api-key', apiKeyId: principal.apiKeyId, tenantId: principal.tenantId, role: principal.role };
  }

  private answer(signedIn: SignedIn, cookie: boolean, res: Response): SessionResponse {
    const { refreshToken, refreshExpiresAt, ...rest } = signedIn;
    res.setHeader('Cache-Control', 'no-store');
    if (cookie) {
      setRefreshCookie(res, refreshToken, refreshExpiresAt, this.secureCookie);
      return rest;
    }
    return { ...rest, refreshToken };
  }
}
