import { issueNodeCertificate, type KeyMaterial } from './certificates.js';
import type { ClusterState, GuestState, GuestType, SimGuest, SimNode } from './proxmox-cluster.js';
import type { SeededRandom } from './seeded-random.util.js';

// Builds nodes and guests from a seeded generator: the same seed gives the same names, vmids,
// tags and states (times are relative to "now", certificates and keys are not part of it).

const QEMU_NAMES = ['web', 'db', 'app', 'api', 'cache', 'k8s-cp', 'k8s-worker', 'ci-runner', 'win-desktop', 'mail', 'vpn', 'gitlab', 'elastic', 'grafana', 'nas', 'backup', 'proxy', 'ldap', 'build', 'erp'];
const LXC_NAMES = ['dns', 'pihole', 'nginx', 'redis', 'postgres', 'mariadb', 'mqtt', 'homeassistant', 'jellyfin', 'syncthing', 'unifi', 'wireguard', 'uptime-kuma', 'nextcloud', 'gitea', 'vaultwarden'];
const TAGS = ['prod', 'staging', 'dev', 'k8s', 'db', 'web', 'backup', 'critical', 'monitoring', 'tenant-a', 'tenant-b', 'ha'];
const CPU_MODELS = ['AMD EPYC 7302P 16-Core Processor', 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz', 'AMD Ryzen 9 5950X 16-Core Processor', 'Intel(R) Core(TM) i7-12700 CPU'];
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;

export interface NodeSpec {
  index: number;
  ip: string;
  key: KeyMaterial;
}

/** A node named pve<index+1> with its own certificate, signed by the cluster CA. */
export function createNode(cluster: ClusterState, rng: SeededRandom, spec: NodeSpec, now = Date.now()): SimNode {
  const name = `pve${spec.index + 1}`;
  const fqdn = `${name}.${cluster.name}.internal`;
  const cpus = rng.pick([8, 16, 32, 64]);
  return {
    name,
    index: spec.index,
    ip: spec.ip,
    fqdn,
    bootedAt: now - rng.int(1, 120) * DAY_MS - rng.int(0, 86_399) * 1000,
    cpus,
    cpuModel: rng.pick(CPU_MODELS),
    memoryBytes: rng.pick([32, 64, 128, 256]) * GIB,
    rootfsBytes: rng.pick([94, 100, 222, 450]) * GIB,
    load: Number((rng.int(2, 45) / 100).toFixed(4)),
    memFraction: rng.int(25, 85) / 100,
    certificate: issueNodeCertificate(cluster.ca, spec.key, { name, fqdn, ip: spec.ip }, now),
    online: true,
    nextPid: rng.int(100_000, 2_000_000),
  };
}

/** `count` guests on `node`, vmids from `firstVmid` on (about 70% VMs, 30% containers). */
export function createGuests(node: SimNode, rng: SeededRandom, firstVmid: number, count: number, now = Date.now()): SimGuest[] {
  const guests: SimGuest[] = [];
  const nameCounters = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const type: GuestType = rng.chance(0.7) ? 'qemu' : 'lxc';
    const base = rng.pick(type === 'qemu' ? QEMU_NAMES : LXC_NAMES);
    const n = (nameCounters.get(base) ?? 0) + 1;
    nameCounters.set(base, n);
    const roll = rng.next();
    const state: GuestState = roll < (type === 'qemu' ? 0.62 : 0.7) ? 'running' : type === 'qemu' && roll > 0.95 ? 'paused' : 'stopped';
    const uptime = rng.int(60, Math.max(61, Math.floor((now - node.bootedAt) / 1000)));
    guests.push({
      vmid: firstVmid + i,
      type,
      node: node.name,
      // Guest names must be DNS names; the counter keeps them unique per node.
      name: `${base}-${String(n).padStart(2, '0')}${node.index > 0 ? `-n${node.index + 1}` : ''}`,
      tags: rng.sample(TAGS, rng.pick([0, 0, 1, 1, 2])),
      state,
      template: false,
      cores: rng.pick(type === 'qemu' ? [1, 2, 2, 4, 4, 8] : [1, 1, 2, 2, 4]),
      memoryMiB: rng.pick(type === 'qemu' ? [1024, 2048, 4096, 8192, 16384] : [256, 512, 1024, 2048]),
      diskGiB: rng.pick(type === 'qemu' ? [16, 32, 32, 64, 128] : [4, 8, 8, 16, 32]),
      startedAt: now - uptime * 1000,
      pid: state === 'stopped' ? 0 : node.nextPid++,
      load: rng.int(5, 600) / 1000,
      memFraction: rng.int(20, 90) / 100,
      diskFraction: rng.int(10, 80) / 100,
      netRate: rng.int(1_000, 500_000),
      diskRate: rng.int(1_000, 200_000),
      suspended: false,
      ostype: type === 'lxc' ? rng.pick(['debian', 'ubuntu', 'alpine']) : base === 'win-desktop' ? 'win11' : 'l26',
      // BC:24:11 is the OUI Proxmox VE uses for generated MAC addresses.
      mac: `BC:24:11:${rng.hex(3).toUpperCase().match(/../g)?.join(':')}`,
      uuid: rng.uuid(),
    });
  }
  return guests;
}
