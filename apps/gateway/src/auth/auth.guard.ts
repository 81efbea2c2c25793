import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { z } from 'zod';
import { NexusError } from '@pve-nexus/contracts';
import { ANONYMOUS, authorize, POLICY, type Action } from '@pve-nexus/authz';
import { PROBE_ROUTE } from '@pve-nexus/service-kit';
import { requestIdOf } from '../http/request-id.middleware.js';
import { actorFor } from './actor.util.js';
import { Authenticator } from './authenticator.js';
import { ROUTE_ACTION } from './authorize.decorator.js';
import { setRequestContext } from './request-context.js';

const TenantId = z.uuid();

/**
 * Runs before every route (and before body validation): authenticates, resolves the role in the
 * route's tenant and asks the policy. A route without a policy action is refused: access is never
 * granted by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (this.reflector.get<boolean>(PROBE_ROUTE, ctx.getClass())) return true;
    const action = this.reflector.get<Action | undefined>(ROUTE_ACTION, ctx.getHandler());
    if (!action || !(action in POLICY)) throw new NexusError('FORBIDDEN', 'This route has no access policy');
    const requestId = requestIdOf(req);
    const rawTenant = req.params?.tenantId;
    if (rawTenant !== undefined && !TenantId.safeParse(rawTenant).success) {
      throw new NexusError('VALIDATION', 'Invalid tenant id', [{ path: 'params.tenantId', message: 'must be a UUID' }]);
    }
    const tenantId = typeof rawTenant === 'string' ? rawTenant : undefined;

    const isPublic = POLICY[action].audience === 'public';
    const principal = await this.authenticator.authenticate(req.header('authorization'), requestId).catch((error: unknown) => {
      // A stale token on a public route (sign-in, health) should not stand in the way.
      if (isPublic && error instanceof NexusError && error.code === 'UNAUTHENTICATED') return null;
      throw error;
    });
    const actor = principal ? actorFor(principal, tenantId) : ANONYMOUS;
    authorize(actor, action, tenantId ? { tenantId } : {});
    setRequestContext(req, {
      principal,
      meta: {
        actor: actor.type === 'anonymous' ? { type: 'system', name: 'gateway' } : actor,
        requestId,
        ...(tenantId ? { tenantId } : {}),
      },
    });
    return true;
  }
}
