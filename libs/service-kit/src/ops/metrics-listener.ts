import { createServer, type Server } from 'node:http';
import { metricsRegistry } from '@pve-nexus/observability';
import type { ServiceIdentity } from '../health/health-probe.js';

/**
 * Default `METRICS_PORT` of each service: the scrape listener is separate from the public port and
 * bound to loopback, so nothing outside the host (or pod) reads the process's metrics.
 */
export const DEFAULT_METRICS_PORT: Record<ServiceIdentity['service'], number> = {
  gateway: 9464,
  inventory: 9465,
  executor: 9466,
  discovery: 9467,
  'console-relay': 9468,
};

/** Serves `GET /metrics` (Prometheus text) on `127.0.0.1:port`; every other request is a 404. */
export async function startMetricsListener(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const registry = metricsRegistry();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
