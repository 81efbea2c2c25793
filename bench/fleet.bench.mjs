// `npm run bench:fleet`: latency and throughput of `GET /api/v1/tenants/:id/fleet` through the
// gateway for 50 simulated Proxmox servers x 200 guests (10,000 guests), on this machine.
//
// Needs the built services and libs (`npx nx run-many -t build --exclude=@pve-nexus/web`) and the
// local PostgreSQL, Redis and nats-server binary the integration tests use. Plain ESM on purpose:
// `@pve-nexus/testing` resolves to libs/testing/dist.
//
// The simulated fleet runs in a worker thread, so its TLS and JSON work does not stall the event
// loop that times the requests. Everything is bounded (counts and a hard deadline) and every process
// and database is removed on exit, on failure and on SIGINT/SIGTERM. Writes/replaces the
// "Fleet list (bench:fleet)" section of docs/BENCHMARKS.md; `--no-write` only prints.
//
// Environment knobs (defaults in brackets): BENCH_SERVERS [50], BENCH_NODES [2], BENCH_GUESTS [100
// per node], BENCH_SEED [42], BENCH_COLD [5 cold samples], BENCH_WARMUP [10], BENCH_WARM [200],
// BENCH_CONCURRENCY [4], BENCH_DURATION_S [20], BENCH_MAX_REQUESTS [4000 in the concurrent phase],
// BENCH_REQUEST_TIMEOUT_MS [30000: a slower list counts as an error].
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { abortCleanly, int, percentile, writeBenchmarkSection } from './bench-support.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

if (!isMainThread) {
  await simulatorWorker();
} else {
  await main();
}

/** The worker: starts the fleet, reports what registration needs, closes it when told to. */
async function simulatorWorker() {
  const { startProxmoxFleet, closeProxmoxFleet } = await import('@pve-nexus/testing');
  const fleet = await startProxmoxFleet(workerData);
  parentPort.postMessage({
    type: 'ready',
    servers: fleet.map((server) => ({
      name: server.name,
      host: server.host,
      port: server.port,
      apiToken: `${server.tokens.full.tokenId}=${server.tokens.full.secret}`,
      fingerprints: server.nodes.map((node) => ({ node, fingerprint: server.fingerprintOf(node) })),
      guests: server.cluster.guests.size,
    })),
  });
  parentPort.on('message', async (message) => {
    if (message?.type !== 'close') return;
    await closeProxmoxFleet(fleet);
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  });
}

async function main() {
  const P = {
    servers: int('BENCH_SERVERS', 50),
    nodes: int('BENCH_NODES', 2),
    guestsPerNode: int('BENCH_GUESTS', 100),
    seed: int('BENCH_SEED', 42),
    cold: int('BENCH_COLD', 5),
    warmup: int('BENCH_WARMUP', 10),
    warm: int('BENCH_WARM', 200),
    concurrency: int('BENCH_CONCURRENCY', 4),
    durationS: int('BENCH_DURATION_S', 20),
    maxRequests: int('BENCH_MAX_REQUESTS', 4000),
  };
  const write = !process.argv.includes('--no-write');
  const expectedGuests = P.servers * P.nodes * P.guestsPerNode;
  const HARD_DEADLINE_MS = 15 * 60_000;
  /** A list that takes longer is counted as an error (the gateway itself waits up to 135 s). */
  const REQUEST_TIMEOUT_MS = int('BENCH_REQUEST_TIMEOUT_MS', 30_000);

  // Imported here so the worker branch above stays light.
  const { apiClient, seedDemoAdmin, startStack } = await import('@pve-nexus/testing');
  const { createTemplate, dropTemplate } = await import(`${ROOT}libs/testing/jest/template-database.mjs`);

  let stack;
  let worker;
  let templateCreated = false;
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
      if (stack) await step('stack', () => stack.close());
      if (worker) {
        await step('simulator', () =>
          Promise.race([
            new Promise((resolve) => {
              worker.once('message', (m) => m?.type === 'closed' && resolve());
              worker.postMessage({ type: 'close' });
            }),
            new Promise((resolve) => setTimeout(resolve, 10_000)),
          ]).then(() => worker.terminate()),
        );
      }
      if (templateCreated) await step('template database', () => dropTemplate());
    })());
  const { deadline } = abortCleanly(cleanup, HARD_DEADLINE_MS);

  const log = (message) => console.error(`bench: ${message}`);
  const loadBefore = os.loadavg();
  try {
    // 1. The migrated template database the stack's database is cloned from (as in Jest's set-up).
    log('migrating a template database');
    await createTemplate();
    templateCreated = true;

    // 2. The simulated fleet, in its own thread.
    log(`starting ${P.servers} simulated servers x ${P.nodes} nodes x ${P.guestsPerNode} guests (seed ${P.seed})`);
    worker = new Worker(new URL(import.meta.url), {
      workerData: { servers: P.servers, nodesPerServer: P.nodes, guestsPerNode: P.guestsPerNode, seed: P.seed, host: '127.0.0.1' },
    });
    const sims = await new Promise((resolve, reject) => {
      worker.once('message', (m) => (m?.type === 'ready' ? resolve(m.servers) : reject(new Error('unexpected message from simulator'))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    });
    const simGuests = sims.reduce((sum, s) => sum + s.guests, 0);
    if (simGuests !== expectedGuests) throw new Error(`simulator has ${simGuests} guests, expected ${expectedGuests}`);

    // 3. The stack, the admin, the tenant.
    log('starting inventory, executor, gateway');
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    const api = apiClient(stack.gatewayUrl);
    const expect = (res, status, what) => {
      if (status === '2xx' ? res.status < 200 || res.status > 299 : res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
      return res.body;
    };
    const seeded = await seedDemoAdmin(stack);
    const first = expect(await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password: seeded.oneTimePassword } }), 200, 'login');
    const password = 'bench fleet passphrase 1';
    expect(
      await api('POST', '/api/v1/auth/password', { token: first.accessToken, body: { currentPassword: seeded.oneTimePassword, newPassword: password } }),
      '2xx',
      'password change',
    );
    const login = expect(await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password } }), 200, 'login');
    const token = login.accessToken;
    let tenantId = first.memberships[0].tenantId;
    const demo = expect(await api('GET', `/api/v1/tenants/${tenantId}`, { token }), 200, 'tenant');
    const quota = (demo.tenant ?? demo).serverQuota;
    if (!(quota >= P.servers)) {
      log(`demo tenant quota is ${quota}; creating a tenant with quota ${P.servers}`);
      const created = expect(await api('POST', '/api/v1/tenants', { token, body: { slug: 'bench', name: 'Bench', serverQuota: P.servers } }), '2xx', 'tenant create');
      tenantId = (created.tenant ?? created).id;
    }
    const tenant = `/api/v1/tenants/${tenantId}`;

    // 4. Register every server and accept its nodes' fingerprints (what a test would show).
    log(`registering ${sims.length} servers`);
    const registerStarted = performance.now();
    for (const sim of sims) {
      const created = expect(
        await api('POST', `${tenant}/servers`, { token, body: { name: sim.name, host: sim.host, port: sim.port, apiToken: sim.apiToken } }),
        201,
        `create ${sim.name}`,
      );
      expect(await api('POST', `${tenant}/servers/${created.server.id}/fingerprints`, { token, body: { fingerprints: sim.fingerprints } }), '2xx', `pins ${sim.name}`);
    }
    const registerMs = performance.now() - registerStarted;

    // 5. Measurements.
    const errors = [];
    const fleetCall = async (label) => {
      const started = performance.now();
      let res;
      let text;
      try {
        res = await fetch(`${stack.gatewayUrl}${tenant}/fleet`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        text = await res.text();
      } catch (error) {
        errors.push(`${label}: ${error.message}`);
        return { ms: performance.now() - started, ok: false };
      }
      const ms = performance.now() - started;
      const problem = check(res.status, text);
      if (problem) {
        errors.push(`${label}: ${problem}`);
        return { ms, ok: false };
      }
      const body = JSON.parse(text);
      const serverMs = body.servers.map((s) => s.latencyMs);
      return { ms, ok: true, bytes: text.length, slowestServerMs: Math.max(...serverMs), medianServerMs: percentile(serverMs, 50) };
    };
    const check = (status, text) => {
      if (status !== 200) return `HTTP ${status} ${text.slice(0, 200)}`;
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return 'not JSON';
      }
      const notOk = body.servers.filter((s) => s.status !== 'ok');
      if (body.servers.length !== P.servers || notOk.length > 0)
        return `${body.servers.length} servers, ${notOk.length} not ok (${notOk.slice(0, 3).map((s) => `${s.name}: ${s.error?.reason} ${s.error?.message}`).join('; ')})`;
      if (body.guests.length !== expectedGuests) return `${body.guests.length} guests, expected ${expectedGuests}`;
      return undefined;
    };

    // Cold: the very first list after registration, then (optionally) more cold samples, each after
    // restarting the executor (its undici pools and connection cache are then empty).
    log('cold: first list after registration');
    const firstCall = await fleetCall('cold #1');
    const cold = [firstCall];
    for (let i = 1; i < P.cold; i++) {
      const executor = stack.service('executor');
      await executor.stop();
      await executor.start();
      // One cheap request through the gateway so the gateway's own connections are not part of it.
      await api('GET', `${tenant}/servers?limit=1`, { token });
      cold.push(await fleetCall(`cold #${i + 1}`));
      log(`cold #${i + 1}: ${cold.at(-1).ms.toFixed(0)} ms`);
    }

    // Warm: sequential.
    log(`warm: ${P.warmup} warm-up + ${P.warm} sequential lists`);
    let warmedUp = 0;
    for (let i = 0; i < P.warmup; i++) if ((await fleetCall(`warm-up #${i + 1}`)).ok) warmedUp++;
    if (P.warmup > 0 && warmedUp === 0) {
      // Bounded: when nothing works there is nothing to measure; report the errors instead of waiting.
      log('no warm-up list succeeded: skipping the warm and concurrent phases');
      P.warm = 0;
      P.durationS = 0;
    }
    const warm = [];
    const warmStarted = performance.now();
    for (let i = 0; i < P.warm; i++) warm.push(await fleetCall(`warm #${i + 1}`));
    const warmS = (performance.now() - warmStarted) / 1000;

    // Inventory's share: the server page the executor reads first, asked through the gateway.
    const inventoryPage = [];
    for (let i = 0; i < 5; i++) await api('GET', `${tenant}/servers?limit=500`, { token });
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const res = await api('GET', `${tenant}/servers?limit=500`, { token });
      inventoryPage.push(performance.now() - started);
      if (res.status !== 200 || res.body.servers.length !== P.servers) errors.push(`servers page: HTTP ${res.status}`);
    }

    // Throughput: a few concurrent clients, bounded by time and by count.
    log(`throughput: ${P.concurrency} clients for ${P.durationS} s (at most ${P.maxRequests} requests)`);
    const concurrent = [];
    const until = performance.now() + P.durationS * 1000;
    let issued = 0;
    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: P.concurrency }, async (_, client) => {
        while (performance.now() < until && issued < P.maxRequests) {
          issued++;
          concurrent.push(await fleetCall(`concurrent c${client} #${issued}`));
        }
      }),
    );
    const loadS = (performance.now() - loadStarted) / 1000;
    const loadAfter = os.loadavg();

    // 6. Report.
    const okMs = (samples) => samples.filter((s) => s.ok).map((s) => s.ms);
    const row = (name, samples, extra = '') => {
      const ms = okMs(samples);
      const failed = samples.length - ms.length;
      return `| ${name} | ${samples.length} | ${failed} | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 90))} | ${fmt(percentile(ms, 99))} | ${fmt(Math.max(...ms))} | ${extra} |`;
    };
    const warmOk = warm.filter((s) => s.ok);
    const concurrentOk = concurrent.filter((s) => s.ok);
    const table = [
      '| Phase | Requests | Errors | p50 ms | p90 ms | p99 ms | max ms | Throughput |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      row('Cold, first list after registration', [firstCall], 'single sample'),
      ...(cold.length > 1 ? [row(`Cold, after an executor restart (${cold.length - 1}x)`, cold.slice(1), 'executor pools and connection cache empty')] : []),
      row(`Warm, sequential (after ${P.warmup} warm-up)`, warm, `${(warmOk.length / warmS).toFixed(1)} req/s (1 client)`),
      row(`Warm, ${P.concurrency} concurrent clients, ${P.durationS} s`, concurrent, `**${(concurrentOk.length / loadS).toFixed(1)} req/s** (${(((concurrentOk.length / loadS) * expectedGuests) / 1000).toFixed(0)}k guests/s)`),
    ].join('\n');
    const share = [
      '| Part of a warm sequential list | p50 ms | p90 ms | max ms |',
      '|---|---:|---:|---:|',
      `| Whole list, client to gateway and back | ${fmt(percentile(okMs(warm), 50))} | ${fmt(percentile(okMs(warm), 90))} | ${fmt(Math.max(...okMs(warm)))} |`,
      `| Executor: slowest server of the list (cache lookup + Proxmox call + mapping, \`servers[].latencyMs\` max) | ${fmt(percentile(warmOk.map((s) => s.slowestServerMs), 50))} | ${fmt(percentile(warmOk.map((s) => s.slowestServerMs), 90))} | ${fmt(Math.max(...warmOk.map((s) => s.slowestServerMs)))} |`,
      `| Executor: median server of the list (\`servers[].latencyMs\` median) | ${fmt(percentile(warmOk.map((s) => s.medianServerMs), 50))} | ${fmt(percentile(warmOk.map((s) => s.medianServerMs), 90))} | ${fmt(Math.max(...warmOk.map((s) => s.medianServerMs)))} |`,
      `| Inventory: \`GET .../servers?limit=500\` through the gateway (the page the executor reads first), 50x | ${fmt(percentile(inventoryPage, 50))} | ${fmt(percentile(inventoryPage, 90))} | ${fmt(Math.max(...inventoryPage))} |`,
    ].join('\n');
    const coldFirstServer = firstCall.ok ? `slowest server ${fmt(firstCall.slowestServerMs)} ms, median server ${fmt(firstCall.medianServerMs)} ms` : 'failed';
    const bytes = warmOk[0]?.bytes ?? 0;

    const machine = `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, nproc ${execFileSync('nproc').toString().trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
    const date = new Date().toISOString();
    const busy = Math.max(...loadBefore, ...loadAfter) > os.cpus().length * 0.5;
    const section = `## Fleet list (bench:fleet)

\`GET /api/v1/tenants/:tenantId/fleet\` through the gateway (gateway → NATS → executor → inventory
for the server page and connections → ${P.servers} Proxmox servers concurrently), as a tenant admin.

Reproduce: \`npx nx run-many -t build --exclude=@pve-nexus/web && npm run bench:fleet\`
(needs the local PostgreSQL, Redis and \`nats-server\` of the integration tests; \`npm run bench:fleet -- --no-write\`
prints without touching this file; parameters can be changed with \`BENCH_*\` variables, see the head of
\`bench/fleet.bench.mjs\`).

- Date: ${date}
- Machine: ${machine}
- Load average (1/5/15 min) before: ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after: ${loadAfter.map((l) => l.toFixed(2)).join(' / ')}
- Parameters: ${P.servers} simulated servers × ${P.nodes} nodes × ${P.guestsPerNode} guests = **${expectedGuests.toLocaleString('en')} guests**, seed ${P.seed}, all on 127.0.0.1, pinned TLS (fingerprints accepted through the API), default connect timeout (10 s); ${P.cold} cold sample(s), ${P.warmup} warm-up + ${P.warm} sequential warm lists, then ${P.concurrency} concurrent clients for ${P.durationS} s (at most ${P.maxRequests} requests).
- Every answer is checked: HTTP 200, ${P.servers} servers all \`ok\`, ${expectedGuests.toLocaleString('en')} guests. Errors: **${errors.length}**${errors.length ? ` (first: ${errors.slice(0, 3).join('; ')})` : ''}.
- Answer size: ${(bytes / 2 ** 20).toFixed(2)} MiB of JSON. Registering the ${P.servers} servers (create + accept pins, sequential) took ${(registerMs / 1000).toFixed(1)} s.

${table}

Where the time goes (warm, sequential):

${share}

First cold list, as the executor saw it: ${coldFirstServer}.

Notes:

- Everything runs on this one machine: the ${P.servers} simulated servers (in a worker thread of the
  bench process), the three services, PostgreSQL, Redis, NATS and the client. The simulator's TLS
  and JSON work competes with the services for the same ${os.cpus().length} cores, so these numbers are
  pessimistic for the control plane's own cost and not a prediction for a real fleet (real servers add
  network round trips and their own \`/cluster/resources\` time, but take the simulator's CPU off the
  control plane's machine).
- Cold means: the executor's undici pools and its 60 s connection cache are empty, so every server
  needs a decryption from inventory (an audited \`credential.decrypt\` row each) and a new TLS
  connection. The first sample is also the services' first fleet list (JIT not warm); the samples
  after an executor restart have a warm gateway and inventory.
- Warm lists reuse the cached connections; the cache entries expire after 60 s, so a phase longer than
  that includes one re-decryption round per minute (as in production).
- Latency is measured to the last byte of the answer in the client; parsing and checking the answer
  happen outside the timed part.
${busy ? `- **The machine was busy during this run** (load average up to ${Math.max(...loadBefore, ...loadAfter).toFixed(1)} on ${os.cpus().length} cores: other processes, e.g. other test runs, were running). Re-run on a quiet machine before comparing.\n` : ''}`;

    console.log(`\n${section}`);
    if (write) {
      log(`wrote ${await writeBenchmarkSection('## Fleet list (bench:fleet)', section)}`);
    }
    if (errors.length) {
      log(`${errors.length} error(s):\n  ${errors.slice(0, 20).join('\n  ')}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(error);
    if (stack) {
      for (const [name, service] of stack.services) console.error(`--- ${name} output (tail) ---\n${service.output.slice(-20).join('')}`);
    }
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

function fmt(ms) {
  return Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) : 'n/a';
}
