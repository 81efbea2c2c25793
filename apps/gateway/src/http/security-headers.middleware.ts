import type { NextFunction, Request, Response } from 'express';

/**
 * The gateway answers JSON, problem+json, CSV and event streams, never a page: its CSP lets a
 * response load, run and frame nothing, so a body opened in a browser tab stays inert.
 */
export const GATEWAY_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers on every gateway response: no MIME sniffing, no framing, no referrer, the inert CSP above. */
export function securityHeadersMiddleware(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', GATEWAY_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}
