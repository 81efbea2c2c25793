import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

const AFTER_API = /^\/api\/v1\/tenants\/[^/?]+\/servers\/[^/?]+\/api\/(.*)$/s;

/**
 * The API browser's `*path` exactly as the client sent it (still percent-encoded, query included).
 * Express's own `params.path` is decoded, so `%2e%2e` would already look like `..` and `%2f` like
 * a separator: the whitelist must judge the raw text instead.
 */
export const RawApiPath = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<Request>();
  return AFTER_API.exec(request.originalUrl)?.[1] ?? '';
});
