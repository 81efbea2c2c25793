import type { ClusterCa, IssuedCertificate } from './certificates.js';

/** QEMU virtual machine or LXC container. */
export type GuestType = 'qemu' | 'lxc';

/**
 * A guest's power state. 'paused' is QEMU's (qmpstatus "paused": status/current says running,
 * /cluster/resources says paused); an LXC "suspend" checkpoints the container, which then is stopped.
 */
export type GuestState = 'running' | 'stopped' | 'paused';

/** A simulated VM or container. Fields are the simulator's model; the views render PVE's shapes. */
export interface SimGuest {
  vmid: number;
  type: GuestType;
  node: string;
  name: string;
  /** Rendered joined by ';' as PVE stores them. */
  tags: string[];
  state: GuestState;
  template: boolean;
  cores: number;
  memoryMiB: number;
  diskGiB: number;
  /** Epoch ms of the last start, reboot or reset (uptime derives from it). */
  startedAt: number;
  /** Process id while running. */
  pid: number;
  /** CPU usage fraction while running. */
  load: number;
  /** Used fraction of memory (and, for containers, of the root disk) while running. */
  memFraction: number;
  diskFraction: number;
  /** Network and disk traffic rates while running, bytes per second (counters grow with uptime). */
  netRate: number;
  diskRate: number;
  /** Checkpointed (LXC suspend) or suspended to disk (QEMU todisk=1). */
  suspended: boolean;
  ostype: string;
  mac: string;
  uuid: string;
}

/** A simulated cluster node. */
export interface SimNode {
  name: string;
  /** Position in the cluster (0 = first node, nodeid = index + 1). */
  index: number;
  ip: string;
  fqdn: string;
  /** Epoch ms of boot (node uptime and task pstart derive from it). */
  bootedAt: number;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  rootfsBytes: number;
  load: number;
  memFraction: number;
  certificate: IssuedCertificate;
  /** False: pveproxy cannot reach the node (requests for it answer 595). */
  online: boolean;
  /** Next worker pid for tasks and guests on this node. */
  nextPid: number;
}

/** The state of one simulated Proxmox cluster: its nodes, guests and CA. */
export class ClusterState {
  readonly nodes: SimNode[] = [];
  readonly guests = new Map<number, SimGuest>();
  /** Bumped on every change so that rendered views can be cached between changes. */
  version = 0;

  constructor(
    readonly name: string,
    readonly uuid: string,
    readonly ca: ClusterCa,
  ) {}

  node(name: string): SimNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  addNode(node: SimNode): void {
    this.nodes.push(node);
    this.changed();
  }

  addGuest(guest: SimGuest): void {
    if (this.guests.has(guest.vmid)) throw new Error(`VM ${guest.vmid} already exists`);
    this.guests.set(guest.vmid, guest);
    this.changed();
  }

  /** Guests on `node` (optionally of one type), by vmid. */
  guestsOn(node: string, type?: GuestType): SimGuest[] {
    return [...this.guests.values()].filter((guest) => guest.node === node && (!type || guest.type === type)).sort((a, b) => a.vmid - b.vmid);
  }

  /** The guest `vmid` if it lives on `node` with this type: what load_config finds in nodes/<node>/<dir>/<vmid>.conf. */
  guestOn(node: string, type: GuestType, vmid: number): SimGuest | undefined {
    const guest = this.guests.get(vmid);
    return guest && guest.node === node && guest.type === type ? guest : undefined;
  }

  /** Sets a guest's power state, keeping uptime, pid and counters coherent. */
  setGuestState(guest: SimGuest, state: GuestState, now = Date.now()): void {
    const wasStopped = guest.state === 'stopped';
    guest.state = state;
    if (state === 'stopped') guest.pid = 0;
    else if (wasStopped) this.restartGuest(guest, now);
    this.changed();
  }

  /** A fresh process for a running guest (start, reboot, reset): new pid, uptime from zero. */
  restartGuest(guest: SimGuest, now = Date.now()): void {
    const node = this.node(guest.node);
    guest.startedAt = now;
    guest.pid = node ? node.nextPid++ : guest.pid;
    this.changed();
  }

  changed(): void {
    this.version++;
  }
}
