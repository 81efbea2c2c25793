import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { natsUser, renderNatsServerConfig, ServiceName, type NatsUser } from '@pve-nexus/contracts';
import { freePort, waitFor } from './free-port.js';

export interface NatsCredentials {
  user: string;
  password: string;
}

export interface NatsServer {
  url: string;
  /** The NATS user and password of a service (or of one of the `extraUsers`). */
  credentials(user: ServiceName | string): NatsCredentials;
  /** The same, with the user's own reply inbox (`_INBOX.<user>`), as options of a raw NATS client (`connect()`, Nest's `ClientNats`). */
  clientAuth(user: ServiceName | string): { user: string; pass: string; inboxPrefix: string };
  /**
   * Stops the server and starts the same command line again (same port, config and JetStream store),
   * running `whileDown` in between; resolves once it accepts connections again. For fault tests.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

const NATS_SERVER_BINARY = process.env.NATS_SERVER_BINARY ?? '/usr/sbin/nats-server';

/**
 * A real nats-server (with JetStream) of the test's own, on a free port, with the product's
 * authorization: no anonymous client, one user per service with the permissions of
 * libs/contracts `bus-access.ts` (random passwords), plus `extraUsers` (a test's own handlers).
 * No subject or stream of a test run can meet another run's or a developer's `npm run up`.
 */
export async function startNatsServer(options: { extraUsers?: NatsUser[] } = {}): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'nexus-nats-'));
  const users = [...ServiceName.options.map((service) => natsUser(service, randomBytes(18).toString('base64url'))), ...(options.extraUsers ?? [])];
  const configFile = join(storeDir, 'nats-server.conf');
  await writeFile(configFile, renderNatsServerConfig({ port, storeDir: join(storeDir, 'jetstream'), users }), { mode: 0o600 });
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    child = spawn(NATS_SERVER_BINARY, ['-c', configFile], { stdio: 'ignore' });
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitFor(`nats-server on ${port}`, () => canConnect(port), 10_000, 50);
  };
  await launch();
  const credentials = (name: string): NatsCredentials => {
    const found = users.find((user) => user.user === name);
    if (!found) throw new Error(`no NATS user ${name}`);
    return { user: found.user, password: found.password };
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    credentials,
    clientAuth(name) {
      const { user, password } = credentials(name);
      return { user, pass: password, inboxPrefix: `_INBOX.${user}` };
    },
    async restart(whileDown) {
      child.kill('SIGTERM');
      await exited;
      await whileDown?.();
      await launch();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
