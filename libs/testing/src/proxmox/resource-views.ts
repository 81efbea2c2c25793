import type { SimGuest, SimNode } from './proxmox-cluster.js';

// Renders the model in the shapes of the real API. Sources:
// - /cluster/resources: pve-manager PVE/API2/Cluster.pm `resources` + PVE/API2Tools.pm
//   extract_vm_stats / extract_node_stats / extract_storage_stats (numbers from pvestatd's rrd
//   broadcast, whose status field for VMs is qmpstatus || status, so a paused VM is 'paused').
// - /nodes/{node}/qemu and status/current: qemu-server PVE::QemuServer::vmstatus (status is
//   'running' while the process exists; qmpstatus, running-machine... only in the full variant).
// - /nodes/{node}/lxc: pve-container PVE::LXC::vmstatus.

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const round = (value: number, digits = 6) => Number(value.toFixed(digits));

/** Seconds since the guest's process started, 0 when stopped. */
export function guestUptime(guest: SimGuest, now: number): number {
  return guest.state === 'stopped' ? 0 : Math.max(0, Math.floor((now - guest.startedAt) / 1000));
}

/** Usage numbers of a guest at `now` (all zero when stopped, as vmstatus reports). */
function usage(guest: SimGuest, now: number) {
  const uptime = guestUptime(guest, now);
  const running = guest.state !== 'stopped';
  const maxmem = guest.memoryMiB * MIB;
  const maxdisk = guest.diskGiB * GIB;
  return {
    uptime,
    cpu: running && guest.state !== 'paused' ? round(guest.load) : 0,
    mem: running ? Math.floor(maxmem * guest.memFraction) : 0,
    maxmem,
    // qemu-server has no disk usage ("disk => 0 # no info available"); containers report df of the rootfs.
    disk: guest.type === 'lxc' && running ? Math.floor(maxdisk * guest.diskFraction) : 0,
    maxdisk,
    netin: Math.floor(uptime * guest.netRate),
    netout: Math.floor(uptime * guest.netRate * 0.37),
    diskread: Math.floor(uptime * guest.diskRate),
    diskwrite: Math.floor(uptime * guest.diskRate * 0.61),
  };
}

/** One `qemu/<vmid>` or `lxc/<vmid>` entry of GET /cluster/resources. */
export function clusterResourceEntry(guest: SimGuest, now: number): Record<string, unknown> {
  const u = usage(guest, now);
  const entry: Record<string, unknown> = {
    id: `${guest.type}/${guest.vmid}`,
    vmid: guest.vmid,
    node: guest.node,
    type: guest.type,
    status: guest.state,
    uptime: u.uptime,
    name: guest.name,
    template: guest.template ? 1 : 0,
    maxcpu: guest.cores,
    cpu: u.cpu,
    maxmem: u.maxmem,
    mem: u.mem,
    maxdisk: u.maxdisk,
    disk: u.disk,
    netin: u.netin,
    netout: u.netout,
    diskread: u.diskread,
    diskwrite: u.diskwrite,
  };
  if (guest.tags.length > 0) entry.tags = guest.tags.join(';');
  return entry;
}

/** One entry of GET /nodes/{node}/qemu (vmstatus without `full`). */
export function qemuListEntry(guest: SimGuest, now: number): Record<string, unknown> {
  const u = usage(guest, now);
  const entry: Record<string, unknown> = {
    vmid: guest.vmid,
    status: guest.state === 'stopped' ? 'stopped' : 'running',
    name: guest.name,
    cpus: guest.cores,
    maxmem: u.maxmem,
    mem: u.mem,
    maxdisk: u.maxdisk,
    disk: u.disk,
    uptime: u.uptime,
    cpu: u.cpu,
    netin: u.netin,
    netout: u.netout,
    diskread: u.diskread,
    diskwrite: u.diskwrite,
  };
  if (guest.state !== 'stopped') entry.pid = guest.pid;
  if (guest.template) entry.template = 1;
  if (guest.tags.length > 0) entry.tags = guest.tags.join(';');
  if (guest.suspended) entry.lock = 'suspended';
  return entry;
}

/** GET /nodes/{node}/qemu/{vmid}/status/current: vmstatus($vmid, full) plus ha (and agent when enabled). */
export function qemuStatusCurrent(guest: SimGuest, now: number): Record<string, unknown> {
  const entry = qemuListEntry(guest, now);
  entry.qmpstatus = guest.state === 'paused' ? 'paused' : entry.status;
  entry.ha = { managed: 0 };
  entry.agent = 1;
  if (guest.state !== 'stopped') {
    entry['running-machine'] = 'pc-i440fx-9.0+pve0';
    entry['running-qemu'] = '9.0.2';
    entry['proxmox-support'] = { 'pbs-dirty-bitmap': true, 'pbs-dirty-bitmap-migration': true, 'query-bitmap-info': true };
  }
  return entry;
}

/** One entry of GET /nodes/{node}/lxc (PVE::LXC::vmstatus). */
export function lxcListEntry(guest: SimGuest, now: number): Record<string, unknown> {
  const u = usage(guest, now);
  const entry: Record<string, unknown> = {
    vmid: guest.vmid,
    type: 'lxc',
    status: guest.state === 'stopped' ? 'stopped' : 'running',
    name: guest.name,
    cpus: guest.cores,
    maxmem: u.maxmem,
    mem: u.mem,
    maxswap: 512 * MIB,
    swap: 0,
    maxdisk: u.maxdisk,
    disk: u.disk,
    uptime: u.uptime,
    cpu: u.cpu,
    netin: u.netin,
    netout: u.netout,
    diskread: u.diskread,
    diskwrite: u.diskwrite,
  };
  if (guest.state !== 'stopped') entry.pid = guest.pid;
  if (guest.template) entry.template = 1;
  if (guest.tags.length > 0) entry.tags = guest.tags.join(';');
  return entry;
}

/** GET /nodes/{node}/lxc/{vmid}/status/current. */
export function lxcStatusCurrent(guest: SimGuest, now: number): Record<string, unknown> {
  return { ...lxcListEntry(guest, now), ha: { managed: 0 } };
}

/** GET /nodes/{node}/qemu/{vmid}/config: the config file's keys plus its digest. */
export function qemuConfig(guest: SimGuest): Record<string, unknown> {
  const config: Record<string, unknown> = {
    agent: '1',
    boot: 'order=scsi0;ide2;net0',
    cores: guest.cores,
    cpu: 'x86-64-v2-AES',
    ide2: 'none,media=cdrom',
    memory: String(guest.memoryMiB),
    meta: 'creation-qemu=9.0.2,ctime=1718000000',
    name: guest.name,
    net0: `virtio=${guest.mac},bridge=vmbr0,firewall=1`,
    numa: 0,
    ostype: guest.ostype,
    scsi0: `local-lvm:vm-${guest.vmid}-disk-0,iothread=1,size=${guest.diskGiB}G`,
    scsihw: 'virtio-scsi-single',
    smbios1: `uuid=${guest.uuid}`,
    sockets: 1,
    vmgenid: guest.uuid.split('').reverse().join(''),
  };
  if (guest.tags.length > 0) config.tags = guest.tags.join(';');
  if (guest.template) config.template = 1;
  if (guest.suspended) config.lock = 'suspended';
  config.digest = digestOf(config);
  return config;
}

/** GET /nodes/{node}/lxc/{vmid}/config. */
export function lxcConfig(guest: SimGuest): Record<string, unknown> {
  const config: Record<string, unknown> = {
    arch: 'amd64',
    cores: guest.cores,
    hostname: guest.name,
    memory: guest.memoryMiB,
    net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${guest.mac},ip=dhcp,type=veth`,
    ostype: guest.ostype,
    rootfs: `local-lvm:vm-${guest.vmid}-disk-0,size=${guest.diskGiB}G`,
    swap: 512,
    unprivileged: 1,
  };
  if (guest.tags.length > 0) config.tags = guest.tags.join(';');
  if (guest.template) config.template = 1;
  config.digest = digestOf(config);
  return config;
}

function digestOf(config: Record<string, unknown>): string {
  // PVE's digest is the SHA-1 of the config file; any stable 40-hex value of the content will do.
  let hash = 0n;
  for (const char of JSON.stringify(config)) hash = (hash * 131n + BigInt(char.charCodeAt(0))) % (1n << 160n);
  return hash.toString(16).padStart(40, '0');
}

/** Node uptime in seconds. */
export function nodeUptime(node: SimNode, now: number): number {
  return Math.max(0, Math.floor((now - node.bootedAt) / 1000));
}

/** extract_node_stats: the node entry of /cluster/resources and (with ssl_fingerprint) of GET /nodes. */
export function nodeStatsEntry(node: SimNode, now: number): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: `node/${node.name}`, node: node.name, type: 'node', status: 'offline' };
  if (node.online) {
    entry.uptime = nodeUptime(node, now);
    entry.cpu = round(node.load);
    entry.mem = Math.floor(node.memoryBytes * node.memFraction);
    entry.disk = Math.floor(node.rootfsBytes * 0.18);
    entry.status = 'online';
  }
  entry.level = '';
  entry.maxcpu = node.cpus;
  entry.maxmem = node.memoryBytes;
  entry.maxdisk = node.rootfsBytes;
  return entry;
}

/** extract_storage_stats: the two default storages of a fresh install, per node. */
export function storageEntries(node: SimNode): Record<string, unknown>[] {
  const status = node.online ? 'available' : 'unknown';
  return [
    { id: `storage/${node.name}/local`, storage: 'local', node: node.name, type: 'storage', status, plugintype: 'dir', content: 'iso,vztmpl,backup', shared: 0, maxdisk: node.rootfsBytes, disk: Math.floor(node.rootfsBytes * 0.18) },
    { id: `storage/${node.name}/local-lvm`, storage: 'local-lvm', node: node.name, type: 'storage', status, plugintype: 'lvmthin', content: 'rootdir,images', shared: 0, maxdisk: 8 * node.rootfsBytes, disk: Math.floor(8 * node.rootfsBytes * 0.41) },
  ];
}

/** GET /nodes/{node}/status (pve-manager PVE/API2/Nodes.pm `status`). */
export function nodeStatus(node: SimNode, now: number, pveVersion: { version: string; repoid: string }): Record<string, unknown> {
  const total = node.memoryBytes;
  const used = Math.floor(total * node.memFraction);
  const rootUsed = Math.floor(node.rootfsBytes * 0.18);
  const load = (node.load * node.cpus).toFixed(2);
  return {
    uptime: nodeUptime(node, now),
    idle: 0,
    // read_loadavg returns strings; PVE sends them as strings.
    loadavg: [load, (node.load * node.cpus * 0.9).toFixed(2), (node.load * node.cpus * 0.8).toFixed(2)],
    kversion: 'Linux 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)',
    'current-kernel': { sysname: 'Linux', release: '6.8.12-4-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)', machine: 'x86_64' },
    'boot-info': { mode: 'efi', secureboot: 0 },
    cpuinfo: { model: node.cpuModel, cpus: node.cpus, sockets: 1, cores: node.cpus / 2, mhz: '3400.000', hvm: '1', user_hz: 100, flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc rep_good nopl svm' },
    cpu: round(node.load),
    wait: 0.0012,
    memory: { total, used, free: total - used },
    ksm: { shared: 0 },
    swap: { total: 8 * GIB, used: 0, free: 8 * GIB },
    pveversion: `pve-manager/${pveVersion.version}/${pveVersion.repoid}`,
    rootfs: { total: node.rootfsBytes, used: rootUsed, avail: node.rootfsBytes - rootUsed, free: node.rootfsBytes - rootUsed },
  };
}
