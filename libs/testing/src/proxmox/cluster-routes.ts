import { hasPrivilege, requirePrivilege } from './proxmox-auth.js';
import type { ClusterState } from './proxmox-cluster.js';
import type { Route, RouteContext } from './proxmox-router.js';
import { clusterResourceEntry, nodeStatsEntry, storageEntries } from './resource-views.js';
import { taskListView } from './tasks.js';

// pve-manager PVE/API2.pm (version) and PVE/API2/Cluster.pm (status, resources, tasks).

/** /cluster/resources bodies, rebuilt when the cluster changes or every 10 s (pvestatd's rrd period). */
const resourceCache = new WeakMap<ClusterState, Map<string, string>>();

function resourcesJson(cluster: ClusterState, type: string | undefined): string {
  const now = Date.now();
  const key = `${cluster.version}:${Math.floor(now / 10_000)}:${type ?? ''}`;
  let cache = resourceCache.get(cluster);
  const cached = cache?.get(key);
  if (cached) return cached;
  const entries: Record<string, unknown>[] = [];
  if (!type || type === 'vm') {
    // `for my $vmid (sort keys %$idlist)`: a string sort, so 1000 comes before 200.
    const vmids = [...cluster.guests.keys()].map(String).sort();
    for (const vmid of vmids) entries.push(clusterResourceEntry(cluster.guests.get(Number(vmid))!, now));
  }
  if (!type || type === 'node') {
    for (const node of cluster.nodes) entries.push({ ...nodeStatsEntry(node, now), 'cgroup-mode': 2 });
  }
  if (!type || type === 'storage') {
    for (const node of cluster.nodes) entries.push(...storageEntries(node));
  }
  const json = JSON.stringify({ data: entries });
  cache = new Map([[key, json]]);
  resourceCache.set(cluster, cache);
  return json;
}

export const clusterRoutes: Route[] = [
  {
    method: 'GET',
    path: '/version',
    params: {},
    handle: ({ sim }) => ({ data: { version: sim.pveVersion.version, release: sim.pveVersion.release, repoid: sim.pveVersion.repoid } }),
  },
  {
    method: 'GET',
    path: '/cluster/status',
    permission: ({ auth }) => requirePrivilege(auth, '/', 'Sys.Audit'),
    params: {},
    handle: ({ sim }) => {
      const { cluster } = sim;
      const entry = sim.entryNode();
      const quorum = cluster.nodes.filter((node) => node.online).length * 2 > cluster.nodes.length ? 1 : 0;
      return {
        data: [
          { type: 'cluster', id: 'cluster', name: cluster.name, nodes: cluster.nodes.length, version: cluster.nodes.length + 1, quorate: quorum },
          ...cluster.nodes.map((node) => ({
            type: 'node',
            id: `node/${node.name}`,
            name: node.name,
            nodeid: node.index + 1,
            ip: node.ip,
            local: node === entry ? 1 : 0,
            online: node.online ? 1 : 0,
            level: '',
          })),
        ],
      };
    },
  },
  {
    method: 'GET',
    path: '/cluster/resources',
    params: { type: { type: 'string', optional: true, enum: ['vm', 'storage', 'node', 'sdn'] } },
    handle: ({ sim }, params) => ({ rawJson: resourcesJson(sim.cluster, params.type as string | undefined) }),
  },
  {
    method: 'GET',
    path: '/cluster/tasks',
    params: {},
    handle: ({ sim, auth }: RouteContext) => {
      const tasks = sim.cluster.nodes.flatMap((node) => sim.tasks.list(node.name));
      tasks.sort((a, b) => b.starttime - a.starttime);
      const all = hasPrivilege(auth, 'Sys.Audit');
      return { data: tasks.filter((task) => all || task.user === auth.user).slice(0, 100).map(taskListView) };
    },
  },
];
