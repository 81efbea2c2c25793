import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@pve-nexus/observability';
import { requestIdOf } from './request-id.middleware.js';

/**
 * One line per request once it is answered: method, path without the query string (which may carry
 * filters with personal data), status, duration, request id. Never headers or bodies.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.on('finish', () => {
      if (req.path === '/livez' || req.path === '/readyz' || req.path === '/metrics') return;
      logger.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          requestId: requestIdOf(req),
        },
        'request',
      );
    });
    next();
  };
}
