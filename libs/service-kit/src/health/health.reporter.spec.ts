import { describe, expect, it } from '@jest/globals';
import { HealthReporter } from './health.reporter.js';
import type { HealthProbe, ServiceIdentity } from './health-probe.js';

const identity: ServiceIdentity = { service: 'inventory', version: '9.9.9', instanceId: 'test:1', probeTimeoutMs: 100 };
const probe = (name: string, check: () => Promise<void>): HealthProbe => ({ name, check });

describe('HealthReporter', () => {
  it('is up when every dependency is', async () => {
    const report = await new HealthReporter(identity, [probe('postgres', async () => {}), probe('nats', async () => {})]).report();
    expect(report).toMatchObject({ service: 'inventory', status: 'up', version: '9.9.9' });
    expect(report.dependencies.map((d) => d.status)).toEqual(['up', 'up']);
  });

  it('marks a hung dependency down after the probe timeout instead of hanging', async () => {
    const hung = probe('redis', () => new Promise<void>(() => {}));
    const report = await new HealthReporter(identity, [hung]).report();
    expect(report.status).toBe('down');
    expect(report.dependencies[0]).toMatchObject({ name: 'redis', status: 'down', error: 'no answer within 100 ms' });
  });

  it('reports a failing dependency with its code but not its connection string', async () => {
    const failing = probe('postgres', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED postgresql://nexus:pw@db:5432/x'), { code: 'ECONNREFUSED' });
    });
    const report = await new HealthReporter(identity, [failing]).report();
    expect(report.dependencies[0]?.error).toBe('ECONNREFUSED: connect ECONNREFUSED [url]');
  });
});
