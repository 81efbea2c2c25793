#!/usr/bin/env node
// `npm run up`: the whole product on this machine. Installs what is missing, checks (or starts)
// PostgreSQL and Redis, applies migrations, builds, starts its own nats-server (with the product's
// authorization, on 127.0.0.1:14222, data in .run/nats/), a simulated Proxmox fleet and a real
// tailnet (headscale and userspace tailscaled nodes on loopback), seeds the demo, starts every
// service and the web app, prints the URLs. Ctrl+C stops everything it started.
// Written for the system Node too: on a fresh clone it runs before Node 24 is installed.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Module constants first: up() runs from the top level below, before later declarations exist.
const TAILNET_DOMAIN = 'tailnet.test';
const COLORS = { gateway: 36, inventory: 32, discovery: 35, executor: 33, 'console-relay': 34, web: 37, 'proxmox-sim': 90, tailnet: 90 };
const SHOWN_FIELDS = new Set(['time', 'level', 'msg', 'service', 'version', 'context']);
/** Everything this run started; if it ends for any reason, so do they (no orphans on failure). */
const children = [];
process.on('exit', () => {
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
});
process.chdir(root);

function fail(message) {
  console.error(`\nup: ${message}`);
  process.exit(1);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

// 1. Dependencies, then continue on the project's Node (24) if this is the system one.
run('bash', ['scripts/ensure-deps.sh']);
const projectNode = `${root}node_modules/.bin/node`;
if (Number(process.versions.node.split('.')[0]) < 24) {
  const child = spawn(projectNode, [fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  await up();
}

async function up() {
  const bin = `${root}node_modules/.bin`;
  const port = (name, fallback) => Number(process.env[name] ?? fallback);
  const fleetBasePort = port('PROXMOX_SIM_BASE_PORT', 18006);
  const ports = {
    web: port('WEB_PORT', 3000),
    gateway: port('GATEWAY_PORT', 8080),
    'console-relay': port('RELAY_PORT', 8081),
    inventory: port('INVENTORY_PORT', 9101),
    discovery: port('DISCOVERY_PORT', 9102),
    executor: port('EXECUTOR_PORT', 9103),
    nats: port('NATS_PORT', 14222),
  };
  const secrets = localSecrets();
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/pve_nexus',
    // Our own nats-server (below), never the machine's unauthenticated one on 4222.
    NATS_URL: `nats://127.0.0.1:${ports.nats}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX ?? 'nexus:',
    // Kept in .run/ (not in git) so that stored credentials stay readable across runs.
    NEXUS_JWT_SECRET: process.env.NEXUS_JWT_SECRET ?? secrets.jwtSecret,
    NEXUS_ENCRYPTION_KEY: process.env.NEXUS_ENCRYPTION_KEY ?? secrets.encryptionKey,
    // `npm run up` serves plain http on localhost; production keeps Secure cookies.
    REFRESH_COOKIE_SECURE: process.env.REFRESH_COOKIE_SECURE ?? 'false',
    // The web UI's proxy runs on this machine: the gateway takes the browser's address from its X-Forwarded-For.
    TRUSTED_PROXIES: process.env.TRUSTED_PROXIES ?? '127.0.0.1,::1',
    // Browsers open consoles straight to the relay; it accepts only the web UI's pages.
    CONSOLE_RELAY_URLS: process.env.CONSOLE_RELAY_URLS ?? `ws://localhost:${ports['console-relay']}/console`,
    RELAY_ALLOWED_ORIGINS: process.env.RELAY_ALLOWED_ORIGINS ?? `http://localhost:${ports.web},http://127.0.0.1:${ports.web}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NEXT_TELEMETRY_DISABLED: '1',
  };

  for (const [name, number] of Object.entries(ports)) {
    if (!(await portIsFree(number))) fail(`port ${number} (${name}) is in use: stop what holds it or set ${name.toUpperCase().replace('-', '_')}_PORT`);
  }
  for (const number of [fleetBasePort, fleetBasePort + 1, fleetBasePort + 2, fleetBasePort + 100]) {
    if (!(await portIsFree(number))) fail(`port ${number} (simulated Proxmox) is in use: stop what holds it or set PROXMOX_SIM_BASE_PORT`);
  }

  step('PostgreSQL, Redis');
  run('bash', ['scripts/ensure-services.sh'], env);
  step('database migrations');
  run(projectNode, ['tools/prisma/run-prisma.mjs', 'generate'], env);
  run(projectNode, ['tools/prisma/run-prisma.mjs', 'migrate', 'deploy'], env);
  step('build');
  run(`${bin}/nx`, ['run-many', '-t', 'build', '--output-style=static'], env);
  let stopping = false;
  /** Starts a process; `jsonLines` of its stdout are returned instead of shown (the simulators' ready lines). */
  const start = (name, args, extraEnv, { cwd = `${root}apps/${name}`, jsonLines = 0 } = {}) => {
    const child = spawn(projectNode, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const announced = [];
    const ready = new Promise((resolve, reject) => {
      if (jsonLines === 0) resolve(announced);
      child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (announced.length < jsonLines) {
          announced.push(JSON.parse(line));
          if (announced.length === jsonLines) resolve(announced);
        } else console.log(formatLine(name, line));
      });
    });
    createInterface({ input: child.stderr }).on('line', (line) => console.log(formatLine(name, line)));
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`up: ${name} exited (${signal ?? code}); the others keep running. Ctrl+C to stop.`);
    });
    children.push({ name, child });
    return ready;
  };
  const service = (name) =>
    start(name, ['--enable-source-maps', '--import', '@pve-nexus/observability/otel-register', 'dist/main.js'], {
      HTTP_PORT: String(ports[name]),
      OTEL_SERVICE_NAME: name,
      ...bus.env(name),
    });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nup: stopping…');
    // NATS last: the services finish their in-flight requests over it first.
    await stopAll(children.filter(({ name }) => name !== 'nats'));
    await stopAll(children.filter(({ name }) => name === 'nats'));
    process.exit(0);
  };
  const stopAll = (some) =>
    Promise.all(
      some.map(({ child }) => new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      })),
    );
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  step(`NATS on 127.0.0.1:${ports.nats} (one user per service, data in .run/nats/)`);
  const bus = await localBus(secrets, ports.nats);
  const nats = spawn(natsServerBinary(), ['-c', bus.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push({ name: 'nats', child: nats });
  // nats-server logs to stderr; it says so once it accepts clients.
  await new Promise((resolve, reject) => {
    nats.once('exit', (code) => reject(new Error(`nats-server exited (${code}): see .run/nats/nats-server.conf`)));
    createInterface({ input: nats.stderr }).on('line', (line) => {
      if (line.includes('Server is ready')) resolve();
      else if (/\[(ERR|FTL)\]/.test(line)) console.log(formatLine('nats', line));
    });
  }).catch((error) => fail(error.message));

  step('tailnet tools (tailscaled, headscale: built once per machine, about 10-25 min the first time)');
  run('bash', ['scripts/ensure-tailnet-tools.sh'], env);

  step('simulated Proxmox fleet, and a real tailnet (headscale + tailscaled) for the homelab');
  const testing = { cwd: `${root}libs/testing` };
  const labPort = fleetBasePort + 100;
  const [publicFleet, labFleet] = await Promise.all([
    start('proxmox-sim', ['dist/proxmox/fleet.cli.js', '--servers', '3', '--base-port', String(fleetBasePort), '--host', '127.0.0.1'], {}, { ...testing, jsonLines: 3 }),
    start('proxmox-sim', ['dist/proxmox/fleet.cli.js', '--servers', '1', '--base-port', String(labPort), '--host', '127.0.0.1', '--seed', '7', '--nodes', '1'], {}, { ...testing, jsonLines: 1 }),
  ]).catch((error) => fail(error.message));
  // The homelab's Proxmox is published on the tailnet by its node (`tailscale serve`); the product knows it
  // only by MagicDNS name and reaches it through the executor's sidecar node (a SOCKS5 proxy).
  const [tailnet] = await start(
    'tailnet',
    ['dist/tailnet/headscale-lab.cli.js', '--base-domain', TAILNET_DOMAIN, '--node', 'exec-sidecar', '--socks5', 'exec-sidecar', '--node', 'pve-lab', '--serve', `pve-lab:8006=127.0.0.1:${labPort}`, '--node', 'backup-nas'],
    {},
    { ...testing, jsonLines: 1 },
  ).catch((error) => fail(error.message));
  const demoServers = [
    ...publicFleet.map((server) => ({ name: server.name, host: server.host, port: server.port, apiToken: `${server.tokenId}=${server.secret}`, fingerprints: server.fingerprints })),
    ...labFleet.map((server) => ({
      name: 'homelab (via Tailscale)',
      host: 'pve-lab.home.arpa',
      port: 8006,
      apiToken: `${server.tokenId}=${server.secret}`,
      useTailscale: true,
      tailscaleHostname: `pve-lab.${TAILNET_DOMAIN}`,
      tailscalePort: 8006,
      fingerprints: server.fingerprints,
    })),
  ];
  env.TAILNET_ACCESS = 'socks5';
  env.TAILNET_SOCKS5_URL = tailnet.socksProxy;
  // Health checks read from the sidecar whether each tailnet server is reached directly or through DERP.
  env.TAILNET_LOCALAPI_SOCKET = tailnet.nodes.find((node) => node.name === 'exec-sidecar').socket;
  const demoTailnet = { url: tailnet.url, apiKey: tailnet.apiKey, magicDnsSuffix: tailnet.baseDomain, user: tailnet.user };

  step('demo data');
  run(projectNode, ['--enable-source-maps', 'apps/inventory/dist/seed/seed-demo.js'], { ...env, NEXUS_DEMO_SERVERS: JSON.stringify(demoServers), NEXUS_DEMO_TAILNET: JSON.stringify(demoTailnet) });

  step('starting services');
  for (const name of ['inventory', 'discovery', 'executor', 'console-relay']) service(name);
  await Promise.all(['inventory', 'discovery', 'executor', 'console-relay'].map((name) => ready(name, `http://127.0.0.1:${ports[name]}/readyz`)));
  service('gateway');
  await ready('gateway', `http://127.0.0.1:${ports.gateway}/readyz`);
  start('web', [`${root}node_modules/next/dist/bin/next`, 'start', '-p', String(ports.web)], {
    GATEWAY_URL: `http://127.0.0.1:${ports.gateway}`,
  });
  await ready('web', `http://127.0.0.1:${ports.web}/`);

  console.log(`
PVE Nexus is up
  Web UI           http://localhost:${ports.web}
  REST API         http://localhost:${ports.gateway}/api/v1/health
  Console relay    ws://localhost:${ports['console-relay']}/console (consoles open from the fleet page)
  Proxmox (sim)    ${demoServers.map((server) => server.name).join(', ')}, seeded in tenant "demo"
  Tailnet          headscale ${tailnet.url} (the demo tenant's: its Tailscale page), nodes ${tailnet.nodes.map((node) => node.fqdn).join(', ')};
                   the executor's sidecar node: SOCKS5 ${tailnet.socksProxy} (logs in ${tailnet.dir})
  Metrics          http://127.0.0.1:9464/metrics (gateway; loopback only, 9465-9468 for the other services, METRICS_PORT)
  Sign in with the admin e-mail and one-time password printed above under "demo data".
Ctrl+C stops everything.
`);
}

/** The demo's own keys, made on the first run and reused: a new key would lock out stored tokens. */
function localSecrets() {
  const file = `${root}.run/local-secrets.json`;
  const secrets = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { jwtSecret: randomBytes(48).toString('base64url'), encryptionKey: `klocal:${randomBytes(32).toString('base64')}` };
  secrets.file = file;
  return secrets;
}

/**
 * The bus of this run: each service's NATS password and signing key pair (made once, kept with the
 * other local secrets in .run/, never in git) and the nats-server configuration they give.
 */
async function localBus(secrets, natsPort) {
  const [{ natsUser, renderNatsServerConfig, ServiceName }, { generateSigningKeyPair }] = await Promise.all([import('@pve-nexus/contracts'), import('@pve-nexus/crypto')]);
  const { file, ...stored } = secrets;
  stored.bus ??= Object.fromEntries(ServiceName.options.map((service) => [service, { password: randomBytes(24).toString('base64url'), ...generateSigningKeyPair() }]));
  mkdirSync(`${root}.run/nats`, { recursive: true });
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  const configFile = `${root}.run/nats/nats-server.conf`;
  const users = ServiceName.options.map((service) => natsUser(service, stored.bus[service].password));
  writeFileSync(configFile, renderNatsServerConfig({ port: natsPort, storeDir: `${root}.run/nats/jetstream`, users }), { mode: 0o600 });
  const publicKeys = ServiceName.options.map((service) => `${service}=${stored.bus[service].publicKey}`).join(',');
  return {
    configFile,
    env: (service) => ({ NATS_USER: service, NATS_PASSWORD: stored.bus[service].password, NEXUS_BUS_SIGNING_KEY: stored.bus[service].privateKey, NEXUS_BUS_PUBLIC_KEYS: publicKeys }),
  };
}

function natsServerBinary() {
  if (process.env.NATS_SERVER_BINARY) return process.env.NATS_SERVER_BINARY;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

function step(title) {
  console.log(`\n== ${title}`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function ready(name, url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`${name} did not become ready at ${url} within 60 s (see its log lines above)`);
}


/** JSON log lines become `time service level message`; anything else is shown as it came. */
function formatLine(name, line) {
  const tag = `\u001b[${COLORS[name] ?? 37}m${name.padEnd(13)}\u001b[0m`;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${tag} ${line}`;
  }
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !SHOWN_FIELDS.has(key)));
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  const context = entry.context ? `[${entry.context}] ` : '';
  return `${tag} ${String(entry.time).slice(11, 19)} ${String(entry.level).padEnd(5)} ${context}${entry.msg}${extra}`;
}
