import { startProxmoxServer, type ProxmoxServer, type ProxmoxServerOptions } from './proxmox-server.js';

/** Options of a fleet of simulated clusters (one HTTPS server each). */
export interface ProxmoxFleetOptions {
  /** Number of clusters. */
  servers: number;
  /** Nodes per cluster. Default 1. */
  nodesPerServer?: number;
  /** Guests per node. Default 10. */
  guestsPerNode?: number;
  /** Listen address for every server (any 127.0.0.0/8 address). Default '127.0.0.1'. */
  host?: string;
  /** Port of the first server; the others follow (basePort + i). Default 0: free ports. */
  basePort?: number;
  /** Seed of names, vmids, states and secrets: the same seed gives the same fleet. Default 1. */
  seed?: number;
  /** Passed to every server (task duration, error style, ...). */
  server?: Omit<ProxmoxServerOptions, 'name' | 'host' | 'port' | 'nodes' | 'guestsPerNode' | 'seed' | 'index'>;
}

const NAMES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'cyberdyne', 'tyrell', 'soylent', 'aperture', 'massive', 'vandelay', 'oscorp', 'gringotts'];

/**
 * Starts `servers` simulated clusters, deterministic given `seed`: cluster names, node names,
 * vmids, guest names, tags, power states and token secrets are the same on every run.
 */
export async function startProxmoxFleet(options: ProxmoxFleetOptions): Promise<ProxmoxServer[]> {
  const seed = options.seed ?? 1;
  const started: ProxmoxServer[] = [];
  try {
    // Sequential on purpose: ports stay in order and the key pool is created once.
    for (let i = 0; i < options.servers; i++) {
      started.push(
        await startProxmoxServer({
          ...options.server,
          name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? `-${Math.floor(i / NAMES.length) + 1}` : ''}`,
          host: options.host ?? '127.0.0.1',
          port: options.basePort ? options.basePort + i : 0,
          nodes: options.nodesPerServer ?? 1,
          guestsPerNode: options.guestsPerNode ?? 10,
          seed: `${seed}:${i}`,
          index: i,
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
  return started;
}

/** Closes every server of a fleet. */
export async function closeProxmoxFleet(fleet: ProxmoxServer[]): Promise<void> {
  await Promise.all(fleet.map((server) => server.close()));
}
