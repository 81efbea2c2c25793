import { parseArgs } from 'node:util';
import { closeProxmoxFleet, startProxmoxFleet } from './fleet.js';

// Runs a simulated Proxmox fleet for the local demo (`npm run -w @pve-nexus/testing proxmox-sim`).
// Prints one JSON line per server on stdout once all listen, logs to stderr, stops on SIGINT/SIGTERM.
//
//   --servers 3 --base-port 18006 --host 127.0.0.1 --nodes 2 --guests 20 --seed 1 --task-ms 1500
//
// Each option can also come from the environment: PROXMOX_SIM_SERVERS, PROXMOX_SIM_BASE_PORT,
// PROXMOX_SIM_HOST, PROXMOX_SIM_NODES, PROXMOX_SIM_GUESTS, PROXMOX_SIM_SEED, PROXMOX_SIM_TASK_MS.

const { values } = parseArgs({
  options: {
    servers: { type: 'string' },
    'base-port': { type: 'string' },
    host: { type: 'string' },
    nodes: { type: 'string' },
    guests: { type: 'string' },
    seed: { type: 'string' },
    'task-ms': { type: 'string' },
  },
});

function option(name: keyof typeof values, env: string, fallback: number): number {
  const raw = values[name] ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < 0) {
    process.stderr.write(`proxmox-sim: --${name} must be a non-negative integer, got '${raw}'\n`);
    process.exit(2);
  }
  return parsed;
}

const host = values.host ?? process.env.PROXMOX_SIM_HOST ?? '127.0.0.1';
if (!host.startsWith('127.')) {
  process.stderr.write(`proxmox-sim: --host must be a loopback address (127.0.0.0/8), got '${host}'\n`);
  process.exit(2);
}

const fleet = await startProxmoxFleet({
  servers: option('servers', 'PROXMOX_SIM_SERVERS', 3),
  basePort: option('base-port', 'PROXMOX_SIM_BASE_PORT', 18006),
  host,
  nodesPerServer: option('nodes', 'PROXMOX_SIM_NODES', 2),
  guestsPerNode: option('guests', 'PROXMOX_SIM_GUESTS', 12),
  seed: option('seed', 'PROXMOX_SIM_SEED', 1),
  // Slow enough to watch a task run in the UI, as on a real host.
  server: { taskDurationMs: option('task-ms', 'PROXMOX_SIM_TASK_MS', 1500) },
});

for (const server of fleet) {
  const fingerprints = Object.fromEntries(server.nodes.map((node) => [node, server.fingerprintOf(node)]));
  process.stdout.write(
    `${JSON.stringify({
      name: server.name,
      host: server.host,
      port: server.port,
      tokenId: server.tokens.full.tokenId,
      secret: server.tokens.full.secret,
      fingerprints,
      entryNode: server.entryNode,
      readOnly: server.tokens.readOnly,
    })}\n`,
  );
}
process.stderr.write(`proxmox-sim: ${fleet.length} simulated clusters listening on ${host}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`proxmox-sim: ${signal}, closing\n`);
  await closeProxmoxFleet(fleet);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
