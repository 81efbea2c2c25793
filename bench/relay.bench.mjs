// `npm run bench:relay`: the console relay (apps/console-relay) against a direct connection to the
// same upstream: bulk throughput and small-message round trips for 1, 10 and 100 concurrent
// sessions, and how many idle sessions one replica holds, with its RSS per session.
//
// Needs the built services and libs (`npx nx run-many -t build --exclude=@pve-nexus/web`) and the
// local PostgreSQL, Redis and nats-server binary the integration tests use. Plain ESM on purpose:
// `@pve-nexus/testing` resolves to libs/testing/dist.
//
// Every party is its own process, with its own CPU time and its own open-files limit: this one
// (the clients: a browser's WebSockets, or the relay's own way to Proxmox for direct runs), the
// simulated Proxmox (a child process running this file with `--simulator`), and the services
// (inventory, which the relay asks for the server's connection and audits every open and close
// with, and one console-relay replica; the gateway and executor only register the server and are
// stopped before measuring). The simulator's consoles are served by a bench handler instead of the
// RFB server: on JSON commands it waits (`hold`), echoes (`echo`), streams messages of a given size
// as fast as backpressure allows (`source`), or counts what it gets and reports the total every
// 100 ms (`sink`), so direct and relayed runs meet exactly the same upstream.
//
// A relayed session is opened the product's way: a real vncproxy ticket, the grant sealed into
// Redis under a one-time token (libs/testing mintConsoleGrant, in the simulator's process), and a
// WebSocket offering [CONSOLE_SUBPROTOCOL, CONSOLE_TOKEN_SUBPROTOCOL_PREFIX + token]; a direct one
// takes the same kind of ticket to `vncwebsocket` over TLS with the API token, as the relay does.
// Tickets are minted just in time (a worker waits 10 s) and spread over many simulated nodes
// (each node has ports 5900-5999, so at most 100 consoles), sessions over several tenants.
//
// Bounded (counts, per-step timeouts and a hard deadline); every process and database is removed on
// exit, on failure and on SIGINT/SIGTERM. Writes/replaces the "Console relay (bench:relay)" section
// of docs/BENCHMARKS.md; `--no-write` only prints.
//
// Environment knobs (defaults in brackets): BENCH_SESSIONS [1,10,100], BENCH_PAYLOAD [65536 bytes
// per bulk message], BENCH_DURATION_S [2 s measured per throughput run], BENCH_WARMUP_MS [500 before
// each measured window], BENCH_ROUNDS [2: relay and direct alternate, the order flips each round],
// BENCH_DIRECTIONS [down,up], BENCH_LATENCY_BYTES [64], BENCH_LATENCY_S [2], BENCH_IDLE [10000 idle
// sessions wanted, capped by the relay's open-files limit], BENCH_IDLE_HOLD_S [15],
// BENCH_OPEN_CONCURRENCY [64 sessions being opened at once], BENCH_TENANTS [8: inventory appends a
// tenant's audit entries one at a time, and every open appends two], BENCH_SIM_SERVERS [2],
// BENCH_NODES [51 per server, at most 64; a node has 100 console ports], BENCH_SEED [6],
// BENCH_IDLE_RELAY_NODE_OPTIONS [none; e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` profiles the
// idle phase's replica].
import { execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { abortCleanly, int, percentile, writeBenchmarkSection } from './bench-support.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const READY = 'ready';
/** A node's console ports (5900-5999); the bench opens its consoles on one VM per node. */
const MAX_CONSOLES_PER_NODE = 100;

if (process.argv[2] === '--simulator') {
  await simulatorProcess(JSON.parse(process.argv[3]));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------
// The simulated Proxmox, in its own process.

/**
 * Starts the simulated servers with the bench handler, mints tickets and grants on request, closes
 * when told to. A server has at most 64 nodes (what the product accepts), each node 100 console ports.
 */
async function simulatorProcess(options) {
  const { startProxmoxServer, mintConsoleGrant } = await import('@pve-nexus/testing');
  const servers = [];
  const closeAll = () => Promise.all(servers.map((pve) => pve.close()));
  // Parent gone (killed, crashed): nothing else would stop this process.
  process.on('disconnect', () => void closeAll().finally(() => process.exit(0)));
  for (let i = 0; i < options.servers; i++) {
    servers.push(await startProxmoxServer({ name: `relay-bench-${i + 1}`, host: '127.0.0.1', nodes: options.nodes, guestsPerNode: 3, seed: options.seed + i, index: i }));
  }

  // One VM per node; a node's 100 console ports are shared by the consoles opened on it.
  const targets = servers.flatMap((pve, server) =>
    pve.nodes.flatMap((node) => {
      const vm = [...pve.cluster.guests.values()].find((guest) => guest.node === node && guest.type === 'qemu' && !guest.template);
      return vm ? [{ server, node, vmid: vm.vmid, load: 0 }] : [];
    }),
  );
  const waiting = new Map();
  for (const pve of servers) {
    pve.setConsoleHandler((socket, connection) => {
      const target = waiting.get(connection.ticket);
      waiting.delete(connection.ticket);
      if (target) socket.once('close', () => target.load--);
      serveBenchConsole(socket);
    });
  }
  const pickTarget = () => {
    let best;
    for (const target of targets) if (best === undefined || target.load < best.load) best = target;
    if (!best || best.load >= MAX_CONSOLES_PER_NODE) throw new Error('every simulated node has all its console ports taken');
    return best;
  };
  let nextTenant = 0;
  const mintOne = async (request) => {
    const target = pickTarget();
    // Round robin over the tenants: inventory appends each tenant's audit entries one at a time.
    const { serverIds, ...tenant } = request.tenants[nextTenant++ % request.tenants.length];
    target.load++;
    try {
      const minted = await mintConsoleGrant({ redis: request.redis, busKeys: request.busKeys }, { pve: servers[target.server], serverId: serverIds[target.server], vmid: target.vmid, ...tenant });
      const { grant } = minted;
      waiting.set(grant.ticket, target);
      // The worker gives up after 10 s without a connection: its port is free again.
      setTimeout(() => {
        if (waiting.delete(grant.ticket)) target.load--;
      }, 10_500).unref();
      return { token: minted.token, server: target.server, node: grant.node, vmid: grant.vmid, port: grant.port, ticket: grant.ticket };
    } catch (error) {
      target.load--;
      throw error;
    }
  };

  process.on('message', async (message) => {
    if (message?.type === 'mint') {
      try {
        const minted = [];
        for (let i = 0; i < message.count; i += 50) {
          const batch = Array.from({ length: Math.min(50, message.count - i) }, () => mintOne(message));
          minted.push(...(await Promise.all(batch)));
        }
        process.send({ type: 'minted', id: message.id, minted });
      } catch (error) {
        process.send({ type: 'minted', id: message.id, error: error.message });
      }
    } else if (message?.type === 'close') {
      await closeAll();
      process.send({ type: 'closed' }, () => process.exit(0));
    }
  });
  process.send({
    type: 'ready',
    servers: servers.map((pve) => ({ name: pve.name, host: pve.host, port: pve.port, tokens: pve.tokens, fingerprint: pve.fingerprintOf(pve.entryNode) })),
    nodes: targets.length,
  });
}

/**
 * The bench's console behind vncwebsocket. JSON commands, each acknowledged with {@link READY}:
 * `hold` (wait for the next command), then one of `echo` (every later message comes back),
 * `source` (messages of `size` bytes, as fast as backpressure allows) or `sink` (counts what it gets
 * and sends, every 100 ms, its clock and the total: two float64).
 */
function serveBenchConsole(socket) {
  let mode = 'hold';
  let received = 0;
  let report;
  socket.once('close', () => clearInterval(report));
  socket.on('message', (data) => {
    if (mode === 'echo') return socket.send(data);
    if (mode === 'sink') return void (received += data.length);
    if (mode === 'source') return;
    let command;
    try {
      command = JSON.parse(data.toString('utf8'));
    } catch {
      return socket.close(1003, 'bench: expected {"mode":...}');
    }
    mode = command.mode;
    socket.send(READY);
    if (mode === 'source') pump(socket, Buffer.alloc(command.size, 0x5a));
    if (mode === 'sink') {
      report = setInterval(() => {
        // The time on the clock every process of this machine shares, and the total so far.
        const total = Buffer.alloc(16);
        total.writeDoubleLE(performance.timeOrigin + performance.now(), 0);
        total.writeDoubleLE(received, 8);
        socket.send(total);
      }, 100);
    }
  });
}

/** Sends `payload` over and over while less than 1 MiB is waiting to be written (backpressure). */
function pump(socket, payload) {
  const high = 1024 * 1024;
  const fill = () => {
    while (socket.readyState === 1 && socket.bufferedAmount < high) socket.send(payload, { binary: true }, sent);
  };
  const sent = (error) => {
    if (!error && socket.bufferedAmount < high / 2) fill();
  };
  fill();
}

// ---------------------------------------------------------------------------------------------
// The bench: clients, phases, report.

function list(name, fallback) {
  const raw = process.env[name];
  return raw ? raw.split(',').map((item) => item.trim()).filter(Boolean) : fallback;
}

async function main() {
  const P = {
    sessions: list('BENCH_SESSIONS', ['1', '10', '100']).map(Number).filter((count) => count > 0),
    payload: int('BENCH_PAYLOAD', 65_536),
    durationS: int('BENCH_DURATION_S', 2),
    warmupMs: int('BENCH_WARMUP_MS', 500),
    rounds: Math.max(1, int('BENCH_ROUNDS', 2)),
    directions: list('BENCH_DIRECTIONS', ['down', 'up']),
    latencyBytes: int('BENCH_LATENCY_BYTES', 64),
    latencyS: int('BENCH_LATENCY_S', 2),
    idle: int('BENCH_IDLE', 10_000),
    idleHoldS: int('BENCH_IDLE_HOLD_S', 15),
    concurrency: Math.max(1, int('BENCH_OPEN_CONCURRENCY', 64)),
    tenants: Math.max(1, int('BENCH_TENANTS', 8)),
    servers: Math.max(1, int('BENCH_SIM_SERVERS', 2)),
    nodes: Math.min(64, Math.max(1, int('BENCH_NODES', 51))),
    seed: int('BENCH_SEED', 6),
  };
  const write = !process.argv.includes('--no-write');
  const HARD_DEADLINE_MS = 15 * 60_000;
  const RELAY_ENV = {
    // The bench's sessions sit idle for a while, many in each tenant, and the replica stops at once.
    RELAY_TENANT_SESSION_CAP: '100000',
    RELAY_IDLE_TIMEOUT_MS: '3600000',
    RELAY_DRAIN_GRACE_MS: '0',
  };

  const { default: WebSocket } = await import('ws');
  const { CONSOLE_SUBPROTOCOL, CONSOLE_TOKEN_SUBPROTOCOL_PREFIX } = await import('@pve-nexus/contracts');
  const { freePort, grantIdentity, registerServer, ServiceProcess, signInSeededAdmin, startStack } = await import('@pve-nexus/testing');
  const { createTemplate, dropTemplate } = await import(`${ROOT}libs/testing/jest/template-database.mjs`);

  let stack;
  let simulator;
  let idleRelay;
  let templateCreated = false;
  const sockets = new Set();
  let cleaned;
  const cleanup = () =>
    (cleaned ??= (async () => {
      const step = async (what, work) => {
        try {
          await work();
        } catch (error) {
          console.error(`bench: cleanup (${what}) failed: ${error.message}`);
        }
      };
      await step('client sockets', () => {
        for (const socket of sockets) socket.terminate();
      });
      if (idleRelay) await step('idle relay', () => idleRelay.stop());
      if (stack) await step('stack', () => stack.close());
      if (simulator) {
        await step('simulator', () =>
          Promise.race([
            new Promise((resolve) => {
              simulator.once('exit', resolve);
              if (simulator.connected) simulator.send({ type: 'close' });
              else resolve();
            }),
            new Promise((resolve) => setTimeout(resolve, 10_000)),
          ]).then(() => {
            if (simulator.exitCode === null && simulator.signalCode === null) simulator.kill('SIGKILL');
          }),
        );
      }
      if (templateCreated) await step('template database', () => dropTemplate());
    })());
  const { abort, deadline } = abortCleanly(cleanup, HARD_DEADLINE_MS);

  const log = (message) => console.error(`bench: ${message}`);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const benchStarted = performance.now();
  const loadBefore = os.loadavg();
  try {
    // 1. The migrated template database the stack's database is cloned from (as in Jest's set-up).
    log('migrating a template database');
    await createTemplate();
    templateCreated = true;

    // 2. The simulated Proxmox, in its own process.
    log(`starting ${P.servers} simulated Proxmox servers of ${P.nodes} nodes (their own process)`);
    simulator = fork(fileURLToPath(import.meta.url), ['--simulator', JSON.stringify({ servers: P.servers, nodes: P.nodes, seed: P.seed })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const sim = await new Promise((resolve, reject) => {
      simulator.once('message', (m) => (m?.type === 'ready' ? resolve(m) : reject(new Error('unexpected message from the simulator'))));
      simulator.once('error', reject);
      simulator.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    });
    simulator.on('exit', (code, signal) => {
      if (!cleaned) abort(`the simulator exited (${code ?? signal})`);
    });
    let nextRequest = 0;
    const pending = new Map();
    simulator.on('message', (m) => {
      if (m?.type !== 'minted') return;
      const waiter = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) waiter?.reject(new Error(`minting consoles: ${m.error}`));
      else waiter?.resolve(m.minted);
    });

    // 3. Inventory and one relay replica; the gateway and the executor only register the server
    // (in several tenants: inventory appends a tenant's audit entries one at a time, two per open).
    log('starting inventory, executor, console-relay, gateway');
    stack = await startStack({ services: ['inventory', 'executor', 'console-relay', 'gateway'], env: RELAY_ENV });
    const { api, admin, tenantId: demoTenant } = await signInSeededAdmin(stack, 'bench relay passphrase 1');
    const tenantIds = [demoTenant];
    for (let i = 1; i < P.tenants; i++) {
      const created = await api('POST', '/api/v1/tenants', { token: admin, body: { slug: `bench-relay-${i}`, name: `Bench relay ${i}`, serverQuota: P.servers } });
      if (created.status !== 201) throw new Error(`tenant create: HTTP ${created.status} ${created.text.slice(0, 300)}`);
      tenantIds.push(created.body.tenant.id);
    }
    const tenants = [];
    for (const tenantId of tenantIds) {
      const serverIds = [];
      for (const server of sim.servers) serverIds.push(await registerServer(api, admin, tenantId, server));
      tenants.push({ tenantId, serverIds, ...(await grantIdentity(api, admin, tenantId)) });
    }
    await stack.service('gateway').stop();
    await stack.service('executor').stop();
    let relay = stack.service('console-relay');
    let relayUrl = stack.relayUrls[0];
    const mint = (count) =>
      new Promise((resolve, reject) => {
        const id = nextRequest++;
        pending.set(id, { resolve, reject });
        simulator.send({ type: 'mint', id, count, redis: stack.redis, busKeys: stack.busKeys, tenants });
      });

    // Clients: a browser's WebSocket through the relay, or the relay's own way to Proxmox.
    const connect = (kind, ticket) =>
      new Promise((resolve, reject) => {
        const server = sim.servers[ticket.server];
        const socket =
          kind === 'relay'
            ? new WebSocket(relayUrl, [CONSOLE_SUBPROTOCOL, `${CONSOLE_TOKEN_SUBPROTOCOL_PREFIX}${ticket.token}`], { perMessageDeflate: false })
            : new WebSocket(
                `wss://${server.host}:${server.port}/api2/json/nodes/${ticket.node}/qemu/${ticket.vmid}/vncwebsocket?${new URLSearchParams({ port: String(ticket.port), vncticket: ticket.ticket })}`,
                ['binary'],
                { perMessageDeflate: false, headers: { authorization: `PVEAPIToken=${server.tokens.full.tokenId}=${server.tokens.full.secret}` }, rejectUnauthorized: false },
              );
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        if (kind === 'direct') {
          // Trusted like the relay trusts it: the entry node's pinned fingerprint.
          socket.once('upgrade', (response) => {
            if (response.socket.getPeerCertificate().fingerprint256 !== server.fingerprint) socket.terminate();
          });
        }
        socket.once('open', () => resolve(socket));
        socket.once('error', (error) => reject(error));
        socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} ${res.statusMessage}`)));
      });
    /** Sends the upstream a command; resolves once it acknowledged it. */
    const command = (socket, mode) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(new Error('no answer from the upstream within 15 s')), 15_000);
        const fail = (error) => {
          clearTimeout(timer);
          socket.off('message', first);
          socket.terminate();
          reject(error);
        };
        const first = (data) => {
          clearTimeout(timer);
          socket.off('close', closed);
          if (data.toString('utf8') === READY) resolve();
          else fail(new Error(`unexpected answer (${data.length} bytes)`));
        };
        const closed = (code, reason) => fail(new Error(`closed with ${code} ${reason}`));
        socket.once('message', first);
        socket.once('close', closed);
        socket.send(JSON.stringify(mode));
      });
    /** Opens a session up to the upstream's handler (which then waits for a command). */
    const session = async (kind, ticket) => {
      const socket = await connect(kind, ticket);
      await command(socket, { mode: 'hold' });
      return socket;
    };
    /**
     * Opens `count` sessions, at most `concurrency` at a time, with tickets minted just in time (a
     * ticket older than 6 s is dropped: its worker gives up at 10 s and the relay needs some of that).
     * They carry no traffic until told what to do.
     */
    const openMany = async (kind, count, { maxErrors = 0, onProgress } = {}) => {
      const opened = [];
      const errors = [];
      const tickets = [];
      let minting;
      let inFlight = 0;
      let dropped = 0;
      const refill = async () => {
        const wanted = Math.min(P.concurrency, count - opened.length - inFlight - tickets.length);
        if (wanted <= 0) return;
        const at = performance.now();
        for (const ticket of await mint(wanted)) tickets.push({ ticket, at });
      };
      await Promise.all(
        Array.from({ length: Math.min(P.concurrency, count) }, async () => {
          while (opened.length + inFlight < count && errors.length <= maxErrors) {
            if (tickets.length === 0) {
              try {
                await (minting ??= refill().finally(() => (minting = undefined)));
              } catch (error) {
                errors.push(error.message);
              }
              continue;
            }
            const { ticket, at } = tickets.shift();
            if (performance.now() - at > 6_000) {
              dropped++;
              continue;
            }
            inFlight++;
            try {
              opened.push(await session(kind, ticket));
              onProgress?.(opened.length);
            } catch (error) {
              errors.push(error.message);
            } finally {
              inFlight--;
            }
          }
        }),
      );
      if (errors.length > maxErrors) {
        for (const socket of opened) socket.terminate();
        throw new Error(`${errors.length} of ${count} ${kind} sessions failed to open (first: ${errors[0]})`);
      }
      return { opened, errors, dropped };
    };
    const closeAll = (open) =>
      Promise.all(
        open.map(
          (socket) =>
            new Promise((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              const timer = setTimeout(() => {
                socket.terminate();
                resolve();
              }, 5_000);
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.close(1000);
            }),
        ),
      );
    /** CPU seconds so far of the relay, the simulator and this process (the clients). */
    const cpu = () => ({ relay: cpuSeconds(relay.pid), simulator: cpuSeconds(simulator.pid), client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 });
    const cpuSince = (before) => {
      const now = cpu();
      return { relay: now.relay - before.relay, simulator: now.simulator - before.simulator, client: now.client - before.client };
    };

    /** Bulk throughput of `count` sessions in one direction, and the CPU each process spent on it. */
    const throughput = async (kind, count, direction, measureS = P.durationS) => {
      const { opened } = await openMany(kind, count);
      await Promise.all(opened.map((socket) => command(socket, direction === 'down' ? { mode: 'source', size: P.payload } : { mode: 'sink' })));
      let received = 0;
      const reports = opened.map(() => []);
      const payload = Buffer.alloc(P.payload, 0xa5);
      opened.forEach((socket, i) => {
        if (direction === 'down') {
          socket.on('message', (data) => void (received += data.length));
        } else {
          socket.on('message', (data) => reports[i].push([data.readDoubleLE(0) - performance.timeOrigin, data.readDoubleLE(8)]));
          pump(socket, payload);
        }
      });
      await sleep(P.warmupMs);
      const start = performance.now();
      const bytesAtStart = received;
      const cpuAtStart = cpu();
      await sleep(measureS * 1000);
      const end = performance.now();
      const bytesAtEnd = received;
      const spent = cpuSince(cpuAtStart);
      await closeAll(opened);
      let bytesPerS;
      if (direction === 'down') {
        bytesPerS = (bytesAtEnd - bytesAtStart) / ((end - start) / 1000);
      } else {
        // Each sink reports its total every 100 ms with the time it counted it: the rate between its
        // first and last report of the window, summed over the sessions.
        bytesPerS = reports.reduce((sum, all) => {
          const inWindow = all.filter(([at]) => at >= start && at <= end);
          if (inWindow.length < 2 || inWindow.at(-1)[0] - inWindow[0][0] < 500) return sum;
          const [t0, b0] = inWindow[0];
          const [t1, b1] = inWindow.at(-1);
          return sum + (b1 - b0) / ((t1 - t0) / 1000);
        }, 0);
      }
      const mb = (bytesPerS * (end - start)) / 1000 / 1e6;
      const windowS = (end - start) / 1000;
      return { bytesPerS, relayCpuPct: (spent.relay / windowS) * 100, msPerMb: { relay: (spent.relay * 1000) / mb, client: (spent.client * 1000) / mb, simulator: (spent.simulator * 1000) / mb } };
    };

    /** Sequential round trips of small messages on each of `count` sessions. */
    const latency = async (kind, count, measureS = P.latencyS) => {
      const { opened } = await openMany(kind, count);
      await Promise.all(opened.map((socket) => command(socket, { mode: 'echo' })));
      const samples = [];
      const message = Buffer.alloc(P.latencyBytes, 0x42);
      let measuring = false;
      let running = true;
      const loops = opened.map(
        (socket) =>
          new Promise((resolve) => {
            let sentAt = 0;
            const next = () => {
              if (!running || socket.readyState !== WebSocket.OPEN) return resolve();
              sentAt = performance.now();
              socket.send(message);
            };
            socket.on('message', () => {
              if (measuring) samples.push(performance.now() - sentAt);
              next();
            });
            socket.once('close', resolve);
            next();
          }),
      );
      await sleep(P.warmupMs);
      measuring = true;
      await sleep(measureS * 1000);
      measuring = false;
      running = false;
      await Promise.race([Promise.all(loops), sleep(5_000)]);
      await closeAll(opened);
      return samples;
    };

    // 4. Latency and throughput, relay and direct alternating (the order flips every round so a
    // slow trend of the machine's load does not favour one side), after a warm-up of every code
    // path (the relay's first sessions would otherwise also measure its JIT compiler).
    log('warming up both paths');
    for (const kind of ['relay', 'direct']) {
      await latency(kind, 10, 1);
      for (const direction of P.directions) await throughput(kind, 10, direction, 1);
    }
    const results = { latency: [], throughput: [] };
    const kindsOf = (round) => (round % 2 === 0 ? ['relay', 'direct'] : ['direct', 'relay']);
    for (const count of P.sessions) {
      const row = { count, relay: [], direct: [] };
      for (let round = 0; round < P.rounds; round++) {
        for (const kind of kindsOf(round)) {
          const samples = await latency(kind, count);
          row[kind].push(...samples);
          log(`latency ${kind} x${count} round ${round + 1}: ${samples.length} round trips, p50 ${fmt(percentile(samples, 50))} ms, p99 ${fmt(percentile(samples, 99))} ms`);
        }
      }
      results.latency.push(row);
    }
    for (const direction of P.directions) {
      for (const count of P.sessions) {
        const row = { direction, count, relay: [], direct: [] };
        for (let round = 0; round < P.rounds; round++) {
          for (const kind of kindsOf(round)) {
            const result = await throughput(kind, count, direction);
            row[kind].push(result);
            log(`throughput ${direction} ${kind} x${count} round ${round + 1}: ${(result.bytesPerS / 1e6).toFixed(1)} MB/s, relay CPU ${result.relayCpuPct.toFixed(0)}%`);
          }
        }
        results.throughput.push(row);
      }
    }
    const loadAfterTraffic = os.loadavg();

    // 5. Idle sessions on one replica: a fresh one (the phases above grew the first one's heap), with
    // an inspector on loopback so its memory can also be read after a full garbage collection.
    log('idle: replacing the relay by a fresh replica');
    await relay.stop();
    const idlePort = await freePort();
    idleRelay = new ServiceProcess({
      app: 'console-relay',
      env: { ...relay.options.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${process.env.BENCH_IDLE_RELAY_NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim() },
      httpPort: idlePort,
    });
    await idleRelay.start();
    relay = idleRelay;
    relayUrl = `ws://127.0.0.1:${idlePort}/console`;
    const inspectorUrl = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(relay.output.join(''))?.[0];
    if (!inspectorUrl) throw new Error('the relay did not print its inspector URL');
    const inspector = await inspectorClient(WebSocket, inspectorUrl);
    await closeAll((await openMany('relay', 20)).opened);
    await sleep(2_000);
    const fdLimit = openFilesLimit(relay.pid);
    const fdsBefore = openFiles(relay.pid);
    // Two sockets per session, and room for what the process opens meanwhile (probes, reconnects).
    const fits = Math.floor((fdLimit - fdsBefore - 100) / 2);
    const idleTarget = Math.min(P.idle, fits);
    const rssBefore = rssBytes(relay.pid);
    const memoryBefore = await inspector.memory();
    const rssBeforeGc = rssBytes(relay.pid);
    log(`idle: relay pid ${relay.pid} has ${fdsBefore} files open of ${fdLimit}: ${fits} sessions fit; opening ${idleTarget} (RSS ${mib(rssBefore)} MiB)`);
    const openStarted = performance.now();
    const inventoryPid = stack.service('inventory').pid;
    const cpuBeforeOpen = { ...cpu(), inventory: cpuSeconds(inventoryPid) };
    let idle = [];
    let idleErrors = [];
    let idleDropped = 0;
    try {
      ({ opened: idle, errors: idleErrors, dropped: idleDropped } = await openMany('relay', idleTarget, {
        maxErrors: 20,
        onProgress: (n) => n % 1000 === 0 && log(`idle: ${n} open`),
      }));
    } catch (error) {
      idleErrors = [error.message];
    }
    const openS = (performance.now() - openStarted) / 1000;
    const openCpu = { ...cpuSince(cpuBeforeOpen), inventory: cpuSeconds(inventoryPid) - cpuBeforeOpen.inventory };
    const openCpuS = openCpu.relay;
    log(`idle: ${idle.length} sessions open in ${openS.toFixed(1)} s; holding ${P.idleHoldS} s`);
    await sleep(P.idleHoldS * 1000);
    const rssAfter = rssBytes(relay.pid);
    const fdsAfter = openFiles(relay.pid);
    const heldCpuStart = cpuSeconds(relay.pid);
    await sleep(5_000);
    const heldCpuPct = ((cpuSeconds(relay.pid) - heldCpuStart) / 5) * 100;
    const memoryAfter = await inspector.memory();
    const rssAfterGc = rssBytes(relay.pid);
    inspector.close();
    const stillOpen = idle.filter((socket) => socket.readyState === WebSocket.OPEN).length;
    const active = await activeSessions(relay.metricsUrl);
    // A random sample of the idle sessions still carries a message both ways (a command and its answer).
    const sample = [...idle].sort(() => Math.random() - 0.5).slice(0, 100);
    const sampleRtt = (
      await Promise.all(
        sample.map(async (socket) => {
          const started = performance.now();
          try {
            await command(socket, { mode: 'echo' });
            return performance.now() - started;
          } catch {
            return undefined;
          }
        }),
      )
    ).filter((ms) => ms !== undefined);
    log(`idle: ${stillOpen} still open, relay reports ${active} active, ${sampleRtt.length} of ${sample.length} sampled answered; RSS ${mib(rssAfter)} MiB`);
    const closesBefore = await auditCount(stack.database.url, 'console.close');
    const closeStarted = performance.now();
    for (const socket of idle) socket.close(1000);
    const drained = await waitUntil(async () => (await activeSessions(relay.metricsUrl)) === 0, 60_000);
    const closeS = (performance.now() - closeStarted) / 1000;
    // Every close is audited by inventory, after the session ended: count them until no more come.
    let closesAudited = 0;
    for (let unchanged = 0, waited = 0; unchanged < 3 && waited < 60; waited++) {
      await sleep(1_000);
      const count = (await auditCount(stack.database.url, 'console.close')) - closesBefore;
      unchanged = count === closesAudited ? unchanged + 1 : 0;
      closesAudited = count;
    }
    log(`idle: closed in ${closeS.toFixed(1)} s${drained ? '' : ' (the relay still had sessions after 60 s)'}; ${closesAudited} closes audited`);
    const loadAfter = os.loadavg();
    const totalS = (performance.now() - benchStarted) / 1000;

    // 6. Report.
    const mbps = (runs) => median(runs.map((run) => run.bytesPerS)) / 1e6;
    const msPerMb = (runs, who) => median(runs.map((run) => run.msPerMb[who]));
    const throughputRows = results.throughput.map((row) => {
      const ratio = mbps(row.relay) / mbps(row.direct);
      const rounds = (runs) => runs.map((run) => (run.bytesPerS / 1e6).toFixed(0)).join(' / ');
      return `| ${row.direction === 'down' ? 'Proxmox → browser' : 'browser → Proxmox'} | ${row.count} | ${mbps(row.direct).toFixed(1)} (${rounds(row.direct)}) | ${mbps(row.relay).toFixed(1)} (${rounds(row.relay)}) | **${(ratio * 100).toFixed(0)}%** ${ratio >= 0.8 ? '✓' : '✗'} | ${median(row.relay.map((run) => run.relayCpuPct)).toFixed(0)}% | ${msPerMb(row.relay, 'relay').toFixed(1)} | ${msPerMb(row.relay, 'client').toFixed(1)} / ${msPerMb(row.direct, 'client').toFixed(1)} | ${msPerMb(row.relay, 'simulator').toFixed(1)} / ${msPerMb(row.direct, 'simulator').toFixed(1)} |`;
    });
    const ratios = results.throughput.map((row) => ({ row, ratio: mbps(row.relay) / mbps(row.direct) }));
    const downMost = results.throughput.filter((row) => row.direction === 'down').at(-1);
    const throughputMet = ratios.length > 0 && ratios.every(({ ratio }) => ratio >= 0.8);
    const latencyRows = results.latency.map((row) => {
      const added = percentile(row.relay, 99) - percentile(row.direct, 99);
      return `| ${row.count} | ${row.direct.length} | ${fmt(percentile(row.direct, 50))} | ${fmt(percentile(row.direct, 99))} | ${row.relay.length} | ${fmt(percentile(row.relay, 50))} | ${fmt(percentile(row.relay, 99))} | ${fmt(percentile(row.relay, 50) - percentile(row.direct, 50))} | **${fmt(added)}** |`;
    });
    const at10 = results.latency.find((row) => row.count === 10);
    const added10 = at10 ? percentile(at10.relay, 99) - percentile(at10.direct, 99) : NaN;
    const perSession = (before, after) => (idle.length > 0 ? (after - before) / idle.length : NaN);
    const rssPerSession = perSession(rssBefore, rssAfter);
    const rssPerSessionGc = perSession(rssBeforeGc, rssAfterGc);
    const heapPerSession = perSession(memoryBefore.heapUsed, memoryAfter.heapUsed);
    const externalPerSession = perSession(memoryBefore.external, memoryAfter.external);
    const idleOk = idle.length > 0 && stillOpen === idle.length && active === idle.length && sampleRtt.length === sample.length;
    const relayOpens = idle.length / openS;

    const machine = `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, nproc ${execFileSync('nproc').toString().trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
    const date = new Date().toISOString();
    const maxLoad = Math.max(...loadBefore, ...loadAfterTraffic, ...loadAfter);
    const busy = maxLoad > os.cpus().length * 0.5;
    const kb = (bytes) => (bytes / 1024).toFixed(1);
    const section = `## Console relay (bench:relay)

A console session through one relay replica (browser ─ws─▶ console-relay ─wss─▶ Proxmox
\`vncwebsocket\`) against the same client connected straight to the same upstream (─wss─▶
\`vncwebsocket\` with the API token and the ticket, as the relay does).

Reproduce: \`npx nx run-many -t build --exclude=@pve-nexus/web && npm run bench:relay\`
(needs the local PostgreSQL, Redis and \`nats-server\` of the integration tests; \`npm run bench:relay -- --no-write\`
prints without touching this file; parameters can be changed with \`BENCH_*\` variables, see the head of
\`bench/relay.bench.mjs\`). This run took ${(totalS / 60).toFixed(1)} min.

- Date: ${date}
- Machine: ${machine}
- Load average (1/5/15 min) before: ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after the traffic phases: ${loadAfterTraffic.map((l) => l.toFixed(2)).join(' / ')}, at the end: ${loadAfter.map((l) => l.toFixed(2)).join(' / ')}
- Processes: the bench client (every browser WebSocket, and the direct connections), ${P.servers} simulated Proxmox servers (${sim.nodes} nodes in all, so ${sim.nodes} console port ranges), inventory (server connection and audit of every open and close) and one console-relay replica, each its own process; PostgreSQL, Redis and NATS as in the tests; everything on 127.0.0.1. Sessions are spread over ${P.tenants} tenants, each with the simulated servers registered (pinned fingerprints).
- Upstream: the simulator's \`vncwebsocket\` (TLS) served by a bench handler, the same for both paths: it streams ${kib(P.payload)} messages as fast as backpressure allows (Proxmox → browser), counts what it gets (browser → Proxmox), or echoes (round trips). Every session, direct or relayed, gets a fresh vncproxy ticket; a relayed one is opened the product's way: the grant sealed under a one-time token in Redis, redeemed by the relay, which asks inventory for the server's connection (an audited decryption), dials and verifies the pinned TLS, and audits the open.
- Relay settings: defaults (1 MiB backpressure high-water mark, compression off on both sides, Nagle off) except RELAY_TENANT_SESSION_CAP=100000, RELAY_IDLE_TIMEOUT_MS=3600000 and RELAY_DRAIN_GRACE_MS=0.

### Bulk throughput

${P.rounds} round(s) per row, relay and direct alternating (order flipped every round); each run ${P.durationS} s measured after ${(P.warmupMs / 1000).toFixed(1)} s of warm-up, ${kib(P.payload)} binary messages, all sessions at once. MB/s = 10^6 bytes of payload per second, all sessions together: the median, the rounds in brackets. CPU columns: CPU time of each process over the measured window (from /proc and process.cpuUsage), per MB moved; "relayed / direct" for the ends.

| Direction | Sessions | Direct MB/s | Relayed MB/s | Relayed / direct (target ≥ 80%) | Relay CPU (100% = a core) | Relay CPU ms/MB | Client CPU ms/MB relayed / direct | Simulator CPU ms/MB relayed / direct |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${throughputRows.join('\n')}

### Small-message round trips

${P.latencyBytes}-byte binary messages echoed by the upstream, sequential on each session (the next leaves when the echo is back), all sessions at once; ${P.latencyS} s measured after ${(P.warmupMs / 1000).toFixed(1)} s of warm-up, ${P.rounds} round(s) pooled. Milliseconds, measured in the client.

| Sessions | Direct round trips | Direct p50 | Direct p99 | Relayed round trips | Relayed p50 | Relayed p99 | Added p50 | Added p99 (target < 1 ms at 10) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${latencyRows.join('\n')}

### Idle sessions on one replica

A fresh replica, warmed by 20 sessions, then as many sessions as its open-files limit allows, opened
${P.concurrency} at a time with just-in-time tickets, held ${P.idleHoldS} s.

| | |
|---|---|
| Open-files limit of the relay process (RLIMIT_NOFILE; the hard limit here, it cannot be raised) | ${fdLimit.toLocaleString('en')} |
| Files the relay had open with no session / with them | ${fdsBefore} / ${fdsAfter.toLocaleString('en')} |
| Sessions that fit (2 sockets each: browser side and Proxmox side; 100 files kept spare) | ${fits.toLocaleString('en')} |
| **Sessions opened and held** | **${idle.length.toLocaleString('en')}** of ${idleTarget.toLocaleString('en')} in ${openS.toFixed(0)} s (${relayOpens.toFixed(0)} opens/s; CPU per open: relay ${((openCpuS * 1000) / Math.max(1, idle.length)).toFixed(1)} ms, inventory ${((openCpu.inventory * 1000) / Math.max(1, idle.length)).toFixed(1)} ms, simulator ${((openCpu.simulator * 1000) / Math.max(1, idle.length)).toFixed(1)} ms, client ${((openCpu.client * 1000) / Math.max(1, idle.length)).toFixed(1)} ms)${idleDropped ? `; ${idleDropped} tickets dropped unused (older than 6 s)` : ''}${idleErrors.length ? `; ${idleErrors.length} failed to open (first: ${idleErrors[0]})` : ''} |
| Relay RSS (VmRSS) with no session / with them, as measured | ${mib(rssBefore)} MiB / ${mib(rssAfter)} MiB: **${kb(rssPerSession)} KiB per session** |
| The same after a full garbage collection (through the inspector) | ${mib(rssBeforeGc)} MiB / ${mib(rssAfterGc)} MiB: **${kb(rssPerSessionGc)} KiB per session**, of which JS heap ${kb(heapPerSession)} KiB and external ${kb(externalPerSession)} KiB |
| Relay CPU while holding them (registry heartbeat every 5 s, revocation re-check every 30 s) | ${heldCpuPct.toFixed(1)}% of a core |
| Still open after ${P.idleHoldS} s: client side / relay's \`nexus_console_sessions_active\` | ${stillOpen.toLocaleString('en')} / ${Number.isFinite(active) ? active.toLocaleString('en') : 'n/a'} |
| A random sample of them still carries a message to the upstream and its answer back | ${sampleRtt.length} of ${sample.length} (all at once: round trip p50 ${fmt(percentile(sampleRtt, 50))} ms, max ${fmt(Math.max(...sampleRtt))} ms) |
| Closing them all at once (the client closes; the relay closes upstream, frees the slot, audits) | relay at 0 sessions after ${closeS.toFixed(0)} s${drained ? '' : ' (some still open after 60 s)'}; close audits recorded: **${closesAudited.toLocaleString('en')} of ${idle.length.toLocaleString('en')}** |

### Targets

- Throughput through the relay ≥ 80% of direct: **${throughputMet ? 'met' : 'not met'}** (${ratios.map(({ row, ratio }) => `${row.direction} ×${row.count}: ${(ratio * 100).toFixed(0)}%`).join(', ')}).
- Added p99 round trip < 1 ms at 10 sessions: **${added10 < 1 ? 'met' : 'not met'}** (${fmt(added10)} ms).
- 10,000 idle sessions per replica: **${idle.length >= 10_000 && idleOk ? 'met' : `not shown on this machine: ${idle.length.toLocaleString('en')} held${idleOk ? ', all open and answering' : ', NOT all still open or answering'}`}**${idle.length < 10_000 ? `. Each session holds two sockets in the relay, so 10,000 need an open-files limit of at least ${(20_000 + fdsBefore + 100).toLocaleString('en')}; this machine's hard limit is ${fdLimit.toLocaleString('en')} per process and cannot be raised here. A deployment sets it (container runtime nofile ulimit, systemd \`LimitNOFILE=\`). Memory is not the limit: at the measured ${kb(rssPerSession)} KiB per session (${kb(rssPerSessionGc)} KiB after a collection), 10,000 sessions need about ${mib(rssBefore + rssPerSession * 10_000)} MiB of RSS` : ''}.

Notes:

${busy ? `- **The machine was busy during this run** (load average up to ${maxLoad.toFixed(1)} on ${os.cpus().length} cores: other people's test runs), so every number moves from run to run; compare relay and direct within a row (measured alternately, seconds apart), and prefer the CPU-per-MB columns, which depend less on how much CPU the bench got.\n` : ''}- Everything shares ${os.cpus().length} cores: a relayed session keeps three processes busy (client, relay, simulator) where a direct one keeps two, and at these rates all of them are CPU-bound (TLS, WebSocket framing and masking, copies, syscalls). The throughput ratio therefore measures how much CPU the relay's hop costs here, not what a network would allow; in a deployment the browser and Proxmox are on other machines and the relay's cores are its own.
${downMost ? `- Per MB moved Proxmox → browser the relay spent ${msPerMb(downMost.relay, 'relay').toFixed(1)} ms of CPU with ${downMost.count} session(s), the direct client ${msPerMb(downMost.direct, 'client').toFixed(1)} ms: the relay's hop ends one WebSocket over TLS (as the client does) and starts another, so one relay core moves about ${(1000 / msPerMb(downMost.relay, 'relay')).toFixed(0)} MB/s. Profiles of the relay show its own code at about 1% of its CPU; the rest is TLS, ws framing and copying (ws reassembles each message from 16 KiB TLS records) and the socket writes.\n` : ''}- The direct client speaks TLS to the simulator itself; the relayed client speaks plain WebSocket to the relay (TLS ends at an ingress in front of it), and the relay speaks TLS upstream. Browser → Proxmox messages are masked by the client (RFC 6455) and masked again by the relay towards Proxmox; ws does it in JavaScript on Node 24 (no \`bufferutil\`), which is why that direction costs more CPU per MB.
- RSS "as measured" is the growth of the relay's resident memory while the sessions were opened and held: it includes garbage of the opening not yet collected and the heap's headroom. The figure after a full collection is closer to what a session keeps (ws and TLS socket objects on both sides, the grant, the session's timers).
`;

    console.log(`\n${section}`);
    if (write) {
      log(`wrote ${await writeBenchmarkSection('## Console relay (bench:relay)', section)}`);
    }
    if (!idleOk || idleErrors.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(error);
    for (const [name, service] of [...(stack?.services ?? []), ...(idleRelay ? [['idle relay', idleRelay]] : [])]) {
      console.error(`--- ${name} output (tail) ---\n${service.output.slice(-20).join('')}`);
    }
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

/**
 * A minimal DevTools-protocol client on a process's inspector: a full garbage collection, then
 * `process.memoryUsage()` in that process.
 */
async function inspectorClient(WebSocket, url) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let lastId = 0;
  const waiting = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString('utf8'));
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call('HeapProfiler.enable');
  return {
    async memory() {
      await call('HeapProfiler.collectGarbage');
      const answer = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      return JSON.parse(answer.result.value);
    },
    close: () => socket.close(),
  };
}

/** user + system CPU seconds of a process (/proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssBytes(pid) {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(kib[1]) * 1024;
}

function openFiles(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function openFilesLimit(pid) {
  const line = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return Number(line[1]);
}

/** The relay's `nexus_console_sessions_active` gauge, from its loopback metrics listener (`metricsUrl`). */
async function activeSessions(url) {
  try {
    const metrics = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const line = /^nexus_console_sessions_active(?:\{[^}]*\})? (\d+)/m.exec(metrics);
    return line ? Number(line[1]) : NaN;
  } catch {
    // A reused keep-alive connection the relay just closed, or a busy relay: ask again later.
    return NaN;
  }
}

/** How many audit entries of `action` the stack's database holds. */
async function auditCount(databaseUrl, action) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM audit_entries WHERE action = $1', [action])).rows[0].n;
  } finally {
    await client.end();
  }
}

async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function median(values) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fmt(ms) {
  return Number.isFinite(ms) ? (Math.abs(ms) >= 100 ? ms.toFixed(0) : Math.abs(ms) >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : 'n/a';
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

function kib(bytes) {
  return bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes}-byte`;
}
