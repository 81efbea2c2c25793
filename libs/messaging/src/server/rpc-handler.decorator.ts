import { applyDecorators, createParamDecorator, SetMetadata, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RequestMeta, RpcContract } from '@pve-nexus/contracts';
import { RpcEnvelopeInterceptor } from './rpc-envelope.interceptor.js';
import { handledRequest } from './handled-request.js';

export const RPC_CONTRACT = Symbol('RPC_CONTRACT');

/**
 * Binds a handler to a contract's subject. The payload is validated against the contract before the
 * handler runs, the result against the contract after; every outcome is replied as an `RpcReply`.
 */
export function RpcHandler(contract: RpcContract): MethodDecorator {
  return applyDecorators(
    MessagePattern(contract.subject),
    SetMetadata(RPC_CONTRACT, contract),
    UseInterceptors(RpcEnvelopeInterceptor),
  );
}

/** The validated request payload (typed by the contract's request schema). */
export const RpcPayload = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => handledRequest(ctx).payload);

/** The caller's identity and tenant, read from the bus headers. */
export const RpcMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => handledRequest(ctx).meta);
