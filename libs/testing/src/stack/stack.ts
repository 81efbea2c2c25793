import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@pve-nexus/contracts';
import { freePort } from '../infra/free-port.js';
import { busEnv, generateBusKeys, testBusOptions, type BusKeys } from '../infra/bus-identity.js';
import { startNatsServer, type NatsServer } from '../infra/nats-server.js';
import { createTestDatabase, type TestDatabase } from '../infra/postgres.js';
import { cleanUp } from './clean-up.js';
import { ServiceProcess } from './service-process.js';

export const ALL_SERVICES: ServiceName[] = ['inventory', 'discovery', 'executor', 'console-relay', 'gateway'];

export interface StackOptions {
  /** Which services to run; default all. The gateway starts last. */
  services?: ServiceName[];
  /** Extra environment for every process (OTEL_* in the tracing test, timeouts...). */
  env?: Record<string, string>;
  /** How many console-relay processes to run, each on its own port (when the relay is in `services`). Default 1. */
  relayReplicas?: number;
  /** A database of the caller's own (e.g. a private PostgreSQL the fault suite restarts); default a fresh clone of the run's template. The stack drops it on close. */
  database?: TestDatabase;
  /** The Redis to use (e.g. a private redis-server); default TEST_REDIS_URL or the machine's. */
  redisUrl?: string;
}

/** The product as real processes on a private NATS, a fresh database and a private Redis prefix. */
export interface Stack {
  /** The gateway's access-token key, so tests can mint (for instance expired) tokens. */
  jwtSecret: string;
  /** The credential key ring given to inventory (`ktest:<base64>`). */
  encryptionKey: string;
  nats: NatsServer;
  /** Every service's bus signing key pair (each process gets its own private key and all public keys). */
  busKeys: BusKeys;
  /** libs/messaging `BusOptions` for a test connecting directly to the bus as `service` (its user, inbox and key). */
  busOptions(service: ServiceName, name?: string): ReturnType<typeof testBusOptions>;
  database: TestDatabase;
  services: Map<ServiceName, ServiceProcess>;
  gatewayUrl: string;
  /** Every console-relay process (the first is also `service('console-relay')`). */
  relays: ServiceProcess[];
  /** Their `ws://.../console` endpoints, in the same order; the gateway gets them as CONSOLE_RELAY_URLS. */
  relayUrls: string[];
  /** The Redis every process uses, and this stack's key prefix in it. */
  redis: { url: string; keyPrefix: string };
  service(name: ServiceName): ServiceProcess;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const nats = await startNatsServer();
  const database = options.database ?? (await createTestDatabase());
  const jwtSecret = randomBytes(32).toString('base64url');
  const encryptionKey = `ktest:${randomBytes(32).toString('base64')}`;
  const busKeys = generateBusKeys();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    NEXUS_JWT_SECRET: jwtSecret,
    NEXUS_ENCRYPTION_KEY: encryptionKey,
    // Plain http on 127.0.0.1 in tests; production keeps the default (Secure).
    REFRESH_COOKIE_SECURE: 'false',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // The suites sign in (and fail to) often from one address; tests of the backoff set these low.
    LOGIN_FREE_FAILURES_PER_ADDRESS: '100000',
    LOGIN_FREE_FAILURES_PER_ACCOUNT: '100000',
    // The web app's proxy runs here too: its X-Forwarded-For names the browser.
    TRUSTED_PROXIES: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: database.url,
    REDIS_URL: options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    REDIS_KEY_PREFIX: `test:${randomBytes(4).toString('hex')}:`,
    ...options.env,
  };
  const names = options.services ?? ALL_SERVICES;
  const relayPorts = names.includes('console-relay') ? await Promise.all(Array.from({ length: options.relayReplicas ?? 1 }, () => freePort())) : [];
  const relayUrls = relayPorts.map((port) => `ws://127.0.0.1:${port}/console`);
  if (relayUrls.length > 0) env.CONSOLE_RELAY_URLS = relayUrls.join(',');
  const envOf = (service: ServiceName) => ({ ...busEnv(nats, busKeys, service), ...env, OTEL_SERVICE_NAME: service });
  const relays = relayPorts.map((httpPort) => new ServiceProcess({ app: 'console-relay', env: envOf('console-relay'), httpPort }));
  const services = new Map<ServiceName, ServiceProcess>();
  for (const name of names) {
    services.set(name, name === 'console-relay' ? relays[0]! : new ServiceProcess({ app: name, env: envOf(name), httpPort: await freePort() }));
  }
  const processes = [...services.values(), ...relays.slice(1)];
  const stack: Stack = {
    jwtSecret,
    encryptionKey,
    nats,
    busKeys,
    busOptions: (service, name) => testBusOptions(nats, busKeys, service, name),
    database,
    services,
    gatewayUrl: services.get('gateway')?.url ?? '',
    relays,
    relayUrls,
    redis: { url: env.REDIS_URL!, keyPrefix: env.REDIS_KEY_PREFIX! },
    service(name) {
      const found = services.get(name);
      if (!found) throw new Error(`${name} is not part of this stack`);
      return found;
    },
    async close() {
      await cleanUp([
        ['services', () => Promise.all(processes.map((service) => service.stop()))],
        ['nats', () => nats.stop()],
        ['database', () => database.drop()],
      ]);
    },
  };
  try {
    await Promise.all(processes.filter((service) => service.options.app !== 'gateway').map((service) => service.start()));
    if (services.has('gateway')) await stack.service('gateway').start();
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}
