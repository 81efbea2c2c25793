import type { ExecutionContext } from '@nestjs/common';
import { NexusError, type RequestMeta } from '@pve-nexus/contracts';

export interface HandledRequest {
  payload: unknown;
  meta: RequestMeta;
}

// Keyed by the transport's per-message context object, so nothing outlives the message.
const requests = new WeakMap<object, HandledRequest>();

export function rememberRequest(ctx: ExecutionContext, request: HandledRequest): void {
  requests.set(ctx.switchToRpc().getContext<object>(), request);
}

export function handledRequest(ctx: ExecutionContext): HandledRequest {
  const request = requests.get(ctx.switchToRpc().getContext<object>());
  if (!request) throw new NexusError('INTERNAL', 'RpcPayload/RpcMeta used on a handler without @RpcHandler');
  return request;
}
