import { z } from 'zod';
import { ErrorEnvelope } from '../errors/error-code.js';

/**
 * One request/reply operation on the bus: its subject and the schemas of both directions. Both the
 * caller and the handler validate against the same two schemas.
 */
export interface RpcContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly request: Req;
  readonly response: Res;
}

/** What a caller sends (before defaults and coercion). */
export type RpcRequest<C extends RpcContract> = z.input<C['request']>;
/** What a handler receives: the request after validation, defaults applied. */
export type RpcRequestData<C extends RpcContract> = z.output<C['request']>;
export type RpcResponse<C extends RpcContract> = z.output<C['response']>;

export function defineRpc<Req extends z.ZodType, Res extends z.ZodType>(
  subject: string,
  request: Req,
  response: Res,
): RpcContract<Req, Res> {
  if (!/^[a-z-]+\.[a-z-]+\.[a-z-]+$/.test(subject)) {
    throw new Error(`subject "${subject}" is not <context>.<entity>.<verb>`);
  }
  return { subject, request, response };
}

/**
 * What every handler replies: the data, or a typed error (never Nest's bare `{ status, message }`).
 * Large data travels as `gzip` (base64 of the gzipped JSON): NATS carries at most 1 MiB per message,
 * and a fleet of 10,000 guests is about 2.5 MiB of JSON but a tenth of that compressed.
 */
export const RpcReply = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(true), gzip: z.string() }),
  z.object({ ok: z.literal(false), error: ErrorEnvelope }),
]);
export type RpcReply = z.infer<typeof RpcReply>;
