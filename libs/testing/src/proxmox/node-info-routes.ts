import { hasPrivilege } from './proxmox-auth.js';
import { NODE_PARAM } from './params.util.js';
import type { Route } from './proxmox-router.js';
import { storageEntries } from './resource-views.js';

// pve-manager PVE/API2/Nodes.pm (Nodeinfo index), PVE/API2/Network.pm (index) and
// pve-storage PVE/API2/Storage/Status.pm (index): the node's directory, its interfaces and storages.

/** Nodeinfo `index`: the node's sub-directories, for any authenticated user. */
const NODE_DIRECTORY = [
  'aplinfo', 'apt', 'capabilities', 'ceph', 'certificates', 'config', 'disks', 'dns', 'firewall', 'hardware', 'hosts', 'journal',
  'lxc', 'migrateall', 'netstat', 'network', 'qemu', 'query-url-metadata', 'replication', 'report', 'rrd', 'rrddata', 'scan',
  'sdn', 'services', 'spiceshell', 'startall', 'status', 'stopall', 'storage', 'subscription', 'suspendall', 'syslog', 'tasks',
  'termproxy', 'time', 'version', 'vncshell', 'vzdump', 'wakeonlan',
];

export const nodeInfoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}',
    params: { node: NODE_PARAM },
    handle: () => ({ data: NODE_DIRECTORY.map((name) => ({ name })) }),
  },
  {
    // A fresh install's /etc/network/interfaces: the NIC enslaved to vmbr0, which holds the node's
    // address. The loopback is not listed (`delete $ifaces->{lo}`).
    method: 'GET',
    path: '/nodes/{node}/network',
    proxyToNode: true,
    params: { node: NODE_PARAM, type: { type: 'string', optional: true, enum: ['bridge', 'bond', 'eth', 'alias', 'vlan', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'any_bridge', 'any_local_bridge', 'include_sdn'] } },
    handle: ({ sim, pathParams }, params) => {
      const node = sim.cluster.node(pathParams.node ?? '')!;
      const gateway = node.ip.replace(/\.\d+$/, '.1');
      const interfaces = [
        { iface: 'eno1', type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], active: 1, exists: 1, priority: 4 },
        {
          iface: 'vmbr0', type: 'bridge', method: 'static', method6: 'manual', families: ['inet'], active: 1, autostart: 1, priority: 5,
          address: node.ip, netmask: '24', cidr: `${node.ip}/24`, gateway, bridge_ports: 'eno1', bridge_stp: 'off', bridge_fd: '0',
        },
      ];
      const type = params.type as string | undefined;
      const wanted = type === 'any_bridge' || type === 'any_local_bridge' ? 'bridge' : type;
      return { data: wanted ? interfaces.filter((entry) => entry.type === wanted) : interfaces };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage',
    proxyToNode: true,
    params: {
      node: NODE_PARAM,
      storage: { type: 'string', optional: true },
      content: { type: 'string', optional: true },
      enabled: { type: 'boolean', optional: true },
      target: { type: 'string', optional: true },
      format: { type: 'boolean', optional: true },
    },
    handle: ({ sim, auth, pathParams }, params) => {
      // Only storages with Datastore.Audit or Datastore.AllocateSpace on /storage/<id> are listed.
      if (!hasPrivilege(auth, 'Datastore.Audit')) return { data: [] };
      const node = sim.cluster.node(pathParams.node ?? '')!;
      const data = storageEntries(node)
        .filter((entry) => params.storage === undefined || entry.storage === params.storage)
        .filter((entry) => params.content === undefined || String(entry.content).split(',').includes(String(params.content)))
        .map((entry) => {
          const total = Number(entry.maxdisk);
          const used = Number(entry.disk);
          return {
            storage: entry.storage, type: entry.plugintype, content: entry.content, shared: entry.shared,
            active: node.online ? 1 : 0, enabled: 1, total, used, avail: total - used, used_fraction: used / total,
          };
        });
      return { data };
    },
  },
];
