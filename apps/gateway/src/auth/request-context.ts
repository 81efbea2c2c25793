import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { NexusError, type Principal, type RequestMeta } from '@pve-nexus/contracts';

/** What the guard learnt about a request, for the handler. */
export interface RequestContext {
  principal: Principal | null;
  meta: RequestMeta;
}

const contexts = new WeakMap<Request, RequestContext>();

export function setRequestContext(req: Request, context: RequestContext): void {
  contexts.set(req, context);
}

export function requestContext(req: Request): RequestContext {
  const context = contexts.get(req);
  if (!context) throw new NexusError('INTERNAL', 'Route reached without the auth guard');
  return context;
}

/** The identity to send on the bus: actor, tenant and request id. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => requestContext(ctx.switchToHttp().getRequest()).meta);

/** The signed-in principal (null on public routes without credentials). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | null => requestContext(ctx.switchToHttp().getRequest()).principal,
);
