import { handlerError } from './pve-error.js';
import type { ClusterState, GuestType, SimGuest } from './proxmox-cluster.js';
import type { ParamSchema, Params } from './params.util.js';
import type { TaskOutcome } from './tasks.js';

// The power actions of qemu-server (src/PVE/API2/Qemu.pm vm_start ... vm_resume, PVE::QemuServer
// vm_start/vm_stop) and pve-container (src/PVE/API2/LXC/Status.pm). Two kinds of refusal exist
// and clients see them differently:
//  - checks in the API handler itself `die` before a worker is forked: HTTP 500 with the message
//    in the status line (e.g. LXC "CT 100 already running", QEMU reboot "VM 100 not running");
//  - checks inside the worker: the POST answers a UPID and the *task* ends with the error as its
//    exitstatus (e.g. QEMU start of a running VM: "VM 100 already running").

export type QemuAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';
export type LxcAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'resume';

/** The task a power request starts: its type and the work that runs when it completes. */
export interface PowerPlan {
  taskType: string;
  work: () => TaskOutcome | void;
}

/** Accepted parameters per action besides node and vmid (their schemas in qemu-server / pve-container). */
export const QEMU_ACTION_PARAMS: Record<QemuAction, ParamSchema> = {
  start: {
    skiplock: { type: 'boolean', optional: true, rootOnly: true },
    stateuri: { type: 'string', optional: true, rootOnly: true },
    migratedfrom: { type: 'string', optional: true, format: 'pve-node', rootOnly: true },
    migration_type: { type: 'string', optional: true, enum: ['secure', 'insecure'], rootOnly: true },
    migration_network: { type: 'string', optional: true, rootOnly: true },
    machine: { type: 'string', optional: true },
    'force-cpu': { type: 'string', optional: true, rootOnly: true },
    targetstorage: { type: 'string', optional: true, rootOnly: true },
    timeout: { type: 'integer', optional: true, minimum: 0 },
  },
  stop: {
    skiplock: { type: 'boolean', optional: true, rootOnly: true },
    migratedfrom: { type: 'string', optional: true, format: 'pve-node', rootOnly: true },
    timeout: { type: 'integer', optional: true, minimum: 0 },
    keepActive: { type: 'boolean', optional: true, rootOnly: true },
    'overrule-shutdown': { type: 'boolean', optional: true },
  },
  shutdown: {
    skiplock: { type: 'boolean', optional: true, rootOnly: true },
    timeout: { type: 'integer', optional: true, minimum: 0 },
    forceStop: { type: 'boolean', optional: true },
    keepActive: { type: 'boolean', optional: true, rootOnly: true },
  },
  reboot: { timeout: { type: 'integer', optional: true, minimum: 0 } },
  reset: { skiplock: { type: 'boolean', optional: true, rootOnly: true } },
  suspend: {
    skiplock: { type: 'boolean', optional: true, rootOnly: true },
    todisk: { type: 'boolean', optional: true },
    statestorage: { type: 'string', optional: true },
  },
  resume: {
    skiplock: { type: 'boolean', optional: true, rootOnly: true },
    nocheck: { type: 'boolean', optional: true, rootOnly: true },
  },
};

export const LXC_ACTION_PARAMS: Record<LxcAction, ParamSchema> = {
  start: { skiplock: { type: 'boolean', optional: true, rootOnly: true }, debug: { type: 'boolean', optional: true } },
  stop: { skiplock: { type: 'boolean', optional: true, rootOnly: true }, 'overrule-shutdown': { type: 'boolean', optional: true } },
  shutdown: { timeout: { type: 'integer', optional: true, minimum: 0 }, forceStop: { type: 'boolean', optional: true } },
  reboot: { timeout: { type: 'integer', optional: true, minimum: 0 } },
  suspend: {},
  resume: {},
};

/** "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist" (PVE::AbstractConfig load_config). */
export function configMissing(type: GuestType, node: string, vmid: number): string {
  return `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`;
}

/** "unable to find configuration file for VM 100 on node 'pve1'" (PVE::QemuConfig assert_config_exists_on_node, via check_running). */
function notOnNode(vmid: number, node: string): string {
  return `unable to find configuration file for VM ${vmid} on node '${node}'`;
}

/** Plans a QEMU power action: throws the synchronous refusals, returns the task for the rest. */
export function planQemuAction(cluster: ClusterState, node: string, vmid: number, action: QemuAction, params: Params): PowerPlan {
  const current = () => cluster.guestOn(node, 'qemu', vmid);
  const guest = current();
  const running = guest !== undefined && guest.state !== 'stopped';
  // check_running($vmid) asserts the config is on this node first, then looks for the process.
  const assertRunning = () => {
    if (!guest) throw handlerError(notOnNode(vmid, node));
    if (!running) throw handlerError(`VM ${vmid} not running`);
  };
  switch (action) {
    case 'start':
      return {
        taskType: 'qmstart',
        work: () => {
          const g = current();
          if (!g) return { error: configMissing('qemu', node, vmid) };
          if (g.template) return { error: "you can't start a vm if it's a template" };
          if (g.state !== 'stopped') return { error: `VM ${vmid} already running` };
          g.suspended = false;
          cluster.setGuestState(g, 'running');
        },
      };
    case 'stop':
    case 'shutdown': {
      if (action === 'shutdown' && guest?.state === 'paused' && !params.forceStop) throw handlerError('VM is paused - cannot shutdown');
      return {
        taskType: action === 'stop' ? 'qmstop' : 'qmshutdown',
        work: () => {
          const g = current();
          if (!g) return { error: notOnNode(vmid, node) };
          if (g.state !== 'stopped') cluster.setGuestState(g, 'stopped'); // a stopped VM: nothing to do, TASK OK
        },
      };
    }
    case 'reboot':
      if (guest?.state === 'paused') throw handlerError('VM is paused - cannot shutdown');
      assertRunning();
      return { taskType: 'qmreboot', work: () => restartIfRunning(cluster, current(), vmid) };
    case 'reset':
      assertRunning();
      return { taskType: 'qmreset', work: () => restartIfRunning(cluster, current(), vmid) };
    case 'suspend': {
      assertRunning();
      const toDisk = Boolean(params.todisk);
      // qemu-server names the in-memory pause 'qmpause' and only suspend-to-disk 'qmsuspend'.
      return {
        taskType: toDisk ? 'qmsuspend' : 'qmpause',
        work: () => {
          const g = current();
          if (!g || g.state === 'stopped') return { error: `VM ${vmid} not running` };
          if (toDisk) {
            g.suspended = true;
            cluster.setGuestState(g, 'stopped');
          } else {
            cluster.setGuestState(g, 'paused');
          }
        },
      };
    }
    case 'resume':
      if (!guest) throw handlerError(notOnNode(vmid, node));
      if (!running && !guest.suspended) throw handlerError(`VM ${vmid} not running`);
      return {
        taskType: 'qmresume',
        work: () => {
          const g = current();
          if (!g) return { error: notOnNode(vmid, node) };
          if (g.suspended) {
            g.suspended = false;
            cluster.setGuestState(g, 'running');
          } else if (g.state === 'paused') {
            cluster.setGuestState(g, 'running');
          } else if (g.state === 'stopped') {
            return { error: `VM ${vmid} not running` };
          }
          // resuming a running VM: vm_resume sees query-status 'running' and returns, TASK OK
        },
      };
  }
}

/** Plans an LXC power action (pve-container checks the running state before forking). */
export function planLxcAction(cluster: ClusterState, node: string, vmid: number, action: LxcAction): PowerPlan {
  const current = () => cluster.guestOn(node, 'lxc', vmid);
  // PVE::LXC::check_running looks for the container's monitor socket on *this* node, so a
  // container elsewhere simply counts as "not running" here.
  const running = current()?.state === 'running';
  switch (action) {
    case 'start':
      if (running) throw handlerError(`CT ${vmid} already running`);
      return {
        taskType: 'vzstart',
        work: () => {
          const g = current();
          if (!g) return { error: configMissing('lxc', node, vmid) };
          if (g.template) return { error: "you can't start a CT if it's a template" };
          if (g.state === 'running') return { error: `CT ${vmid} already running` };
          g.suspended = false;
          cluster.setGuestState(g, 'running');
        },
      };
    case 'stop':
    case 'shutdown':
    case 'suspend':
      if (!running) throw handlerError(`CT ${vmid} not running`);
      return {
        taskType: action === 'stop' ? 'vzstop' : action === 'shutdown' ? 'vzshutdown' : 'vzsuspend',
        work: () => {
          const g = current();
          if (!g) return { error: configMissing('lxc', node, vmid) };
          if (action === 'suspend') g.suspended = true; // lxc-checkpoint -s: the container is stopped, its state saved
          if (g.state !== 'stopped') cluster.setGuestState(g, 'stopped');
        },
      };
    case 'reboot':
      // pve-container says "VM", not "CT", here.
      if (!running) throw handlerError(`VM ${vmid} not running`);
      return { taskType: 'vzreboot', work: () => restartIfRunning(cluster, current(), vmid) };
    case 'resume':
      if (running) throw handlerError(`CT ${vmid} already running`);
      return {
        taskType: 'vzresume',
        work: () => {
          const g = current();
          if (!g?.suspended) return { error: `command 'lxc-checkpoint -n ${vmid} -r --foreground -D /var/lib/vz/dump' failed: exit code 1` };
          g.suspended = false;
          cluster.setGuestState(g, 'running');
        },
      };
  }
}

function restartIfRunning(cluster: ClusterState, guest: SimGuest | undefined, vmid: number): TaskOutcome | void {
  if (!guest || guest.state === 'stopped') return { error: `VM ${vmid} not running` };
  cluster.restartGuest(guest);
}
