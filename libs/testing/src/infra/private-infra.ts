import { execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../stack/service-process.js';
import { freePort, waitFor } from './free-port.js';
import type { TestDatabase } from './postgres.js';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A server of the test's own that it may stop and start again (the fault suite restarts it while
 * the product is busy); never the machine's shared PostgreSQL or Redis.
 */
export interface RestartableServer {
  url: string;
  /** Stops the server (clients see refused connections) and resolves once it is down. */
  down(): Promise<void>;
  /** Starts it again with the same port and data, and resolves once it accepts connections. */
  up(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}

/** A private PostgreSQL cluster plus the migrated product database in it (its `database`). */
export interface PrivatePostgres extends RestartableServer {
  database: TestDatabase;
}

async function postgresBin(): Promise<string> {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (set POSTGRES_BIN_DIR)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * initdb into a temporary directory, a postmaster on a free loopback port (as the `postgres` system
 * user when the test runs as root: PostgreSQL refuses to run as root), and the product's migrations
 * applied to a `nexus` database. Durability is left on: a restart must keep every committed row.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBin();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'nexus-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgRun = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args]) : run(`${bin}/${tool}`, args));
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const up = async () => {
    await pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '120', 'start']);
  };
  const down = async () => {
    await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']);
  };
  await up();
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query('CREATE DATABASE nexus');
  await client.end();
  const url = `postgresql://postgres@127.0.0.1:${port}/nexus`;
  await run(process.execPath, ['tools/prisma/run-prisma.mjs', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url } });
  const close = async () => {
    await down().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  // The cluster is the test's own: dropping the database is closing the cluster.
  return { url, up, down, close, database: { name: 'nexus', url, drop: close } };
}

/**
 * A private redis-server on a free loopback port with an append-only file (as a production Redis
 * keeps its data across a restart), its own directory, daemonised with a pid file so that any
 * process of the test can stop and start it.
 */
export async function startPrivateRedis(): Promise<RestartableServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'nexus-redis-'));
  const binary = process.env.REDIS_SERVER_BINARY ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes'];
  let exited: Promise<void> = Promise.resolve();
  let child: ReturnType<typeof spawn> | undefined;
  const up = async () => {
    const started = spawn(binary, args, { stdio: 'ignore' });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    await waitFor(`redis-server on ${port}`, () => redisAnswers(port), 30_000, 50);
  };
  const down = async () => {
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  await up();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    up,
    down,
    async close() {
      await down();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function redisAnswers(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
  return stdout.trim() === 'PONG';
}
