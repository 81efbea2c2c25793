import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SystemHealth, type ServiceName } from '@pve-nexus/contracts';
import { ALL_SERVICES, startStack, waitFor, type Stack } from '@pve-nexus/testing';

const NATS_REQUEST_TIMEOUT_MS = 2_000;
const HEALTH_RPC_TIMEOUT_MS = 1_000;

async function health(stack: Stack): Promise<{ status: number; body: SystemHealth; elapsedMs: number }> {
  const started = performance.now();
  const res = await fetch(`${stack.gatewayUrl}/api/v1/health`);
  const body = SystemHealth.parse(await res.json());
  return { status: res.status, body, elapsedMs: performance.now() - started };
}

function stateOf(body: SystemHealth, service: ServiceName) {
  return body.services.find((entry) => entry.service === service)?.status;
}

/** Polls the health endpoint until `done`; every answer must come within the bus timeout. */
async function pollHealthUntil(stack: Stack, done: (status: number, body: SystemHealth) => boolean): Promise<void> {
  let slowest = 0;
  await waitFor('health to change', async () => {
    const { status, body, elapsedMs } = await health(stack);
    slowest = Math.max(slowest, elapsedMs);
    return done(status, body);
  }, 60_000, 50);
  expect(slowest).toBeLessThan(NATS_REQUEST_TIMEOUT_MS);
}

describe('GET /api/v1/health with the whole product running', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { NATS_REQUEST_TIMEOUT_MS: String(NATS_REQUEST_TIMEOUT_MS), HEALTH_RPC_TIMEOUT_MS: String(HEALTH_RPC_TIMEOUT_MS) },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the gateway and the four services behind it up, the four reached over NATS', async () => {
    const { status, body } = await health(stack);
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    expect(body.services.map((entry) => entry.service).sort()).toEqual([...ALL_SERVICES].sort());
    for (const entry of body.services) {
      expect(entry).toMatchObject({ status: 'up', version: expect.any(String), instanceId: expect.any(String) });
      expect(entry.dependencies.length).toBeGreaterThan(0);
      expect(entry.dependencies.every((dependency) => dependency.status === 'up')).toBe(true);
      if (entry.service !== 'gateway') expect(entry.latencyMs).toEqual(expect.any(Number));
    }
    expect(body.services.find((entry) => entry.service === 'inventory')?.dependencies.map((d) => d.name).sort()).toEqual(['nats', 'postgres']);
  });

  it('reports a stopped inventory down with 503 within 3 s, and recovers when it restarts, without a gateway restart', async () => {
    const gatewayPid = stack.service('gateway').pid;
    await stack.service('inventory').stop();
    await pollHealthUntil(stack, (status, body) => status === 503 && stateOf(body, 'inventory') === 'down');
    const { body } = await health(stack);
    expect(body.status).toBe('down');
    expect(body.services.filter((entry) => entry.status === 'down').map((entry) => entry.service)).toEqual(['inventory']);

    await stack.service('inventory').start();
    await pollHealthUntil(stack, (status) => status === 200);
    expect(stack.service('gateway').pid).toBe(gatewayPid);
  });

  it('reports a crashed (killed) inventory down', async () => {
    await stack.service('inventory').stop('SIGKILL');
    await pollHealthUntil(stack, (_, body) => stateOf(body, 'inventory') === 'down');
    await stack.service('inventory').start();
    await pollHealthUntil(stack, (status) => status === 200);
  });

  it('reports a hung inventory down after the health timeout, never waiting longer than the bus timeout', async () => {
    stack.service('inventory').signal('SIGSTOP');
    try {
      const { status, body, elapsedMs } = await health(stack);
      expect(status).toBe(503);
      expect(stateOf(body, 'inventory')).toBe('down');
      expect(body.services.find((entry) => entry.service === 'inventory')?.error).toMatch(/No reply/);
      expect(elapsedMs).toBeGreaterThanOrEqual(HEALTH_RPC_TIMEOUT_MS - 50);
      expect(elapsedMs).toBeLessThan(NATS_REQUEST_TIMEOUT_MS);
    } finally {
      stack.service('inventory').signal('SIGCONT');
    }
    await pollHealthUntil(stack, (status) => status === 200);
  });

  it('answers unknown routes with problem+json and a request id', async () => {
    const res = await fetch(`${stack.gatewayUrl}/api/v1/no-such-thing`, { headers: { 'x-request-id': 'e2e-request-0001' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe('e2e-request-0001');
    expect(await res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: 'e2e-request-0001', instance: '/api/v1/no-such-thing' });
  });

  it('serves /livez and /readyz on every process, and Prometheus /metrics only on its own loopback listener', async () => {
    for (const service of stack.services.values()) {
      expect((await fetch(`${service.url}/livez`)).status).toBe(200);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(200);
      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
      const metrics = await fetch(`${service.metricsUrl}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(/^process_cpu_user_seconds_total\{service="[a-z-]+"\} \d/m);
    }
    const inventoryMetrics = await (await fetch(`${stack.service('inventory').metricsUrl}/metrics`)).text();
    expect(inventoryMetrics).toMatch(/nexus_bus_requests_total\{subject="inventory.health.check",outcome="ok",service="inventory"\} [1-9]/);
  });
});
