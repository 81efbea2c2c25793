import { hasPrivilege, requirePrivilege } from './proxmox-auth.js';
import { handlerError } from './pve-error.js';
import type { GuestType } from './proxmox-cluster.js';
import { NODE_PARAM, VMID_PARAM } from './params.util.js';
import { LXC_ACTION_PARAMS, QEMU_ACTION_PARAMS, configMissing, planLxcAction, planQemuAction, type LxcAction, type QemuAction } from './power-actions.js';
import type { Route, RouteContext } from './proxmox-router.js';
import { lxcConfig, lxcListEntry, lxcStatusCurrent, qemuConfig, qemuListEntry, qemuStatusCurrent } from './resource-views.js';

// qemu-server src/PVE/API2/Qemu.pm and pve-container src/PVE/API2/LXC.pm, LXC/Status.pm, LXC/Config.pm.

const vmPermission = (privilege: string) => (ctx: RouteContext) => requirePrivilege(ctx.auth, `/vms/${ctx.pathParams.vmid}`, privilege);

/** The guest the path names, or PVE's "Configuration file ... does not exist" (HTTP 500). */
function loadGuest(ctx: RouteContext, type: GuestType, node: string, vmid: number) {
  const guest = ctx.sim.cluster.guestOn(node, type, vmid);
  if (!guest) throw handlerError(configMissing(type, node, vmid));
  return guest;
}

function listRoute(type: GuestType): Route {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}`,
    proxyToNode: true,
    params: type === 'qemu' ? { node: NODE_PARAM, full: { type: 'boolean', optional: true } } : { node: NODE_PARAM },
    handle: ({ sim, auth }, params) => {
      // Entries the user may not audit are skipped, not refused.
      if (!hasPrivilege(auth, 'VM.Audit')) return { data: [] };
      const now = Date.now();
      const guests = sim.cluster.guestsOn(String(params.node), type);
      return { data: guests.map((guest) => (type === 'lxc' ? lxcListEntry(guest, now) : params.full ? qemuStatusCurrent(guest, now) : qemuListEntry(guest, now))) };
    },
  };
}

function statusRoute(type: GuestType): Route {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/status/current`,
    proxyToNode: true,
    permission: vmPermission('VM.Audit'),
    params: { node: NODE_PARAM, vmid: VMID_PARAM },
    handle: (ctx, params) => {
      const guest = loadGuest(ctx, type, String(params.node), Number(params.vmid));
      return { data: type === 'qemu' ? qemuStatusCurrent(guest, Date.now()) : lxcStatusCurrent(guest, Date.now()) };
    },
  };
}

function configRoute(type: GuestType): Route {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/config`,
    proxyToNode: true,
    permission: vmPermission('VM.Audit'),
    params: { node: NODE_PARAM, vmid: VMID_PARAM, current: { type: 'boolean', optional: true }, snapshot: { type: 'string', optional: true } },
    handle: (ctx, params) => {
      const guest = loadGuest(ctx, type, String(params.node), Number(params.vmid));
      return { data: type === 'qemu' ? qemuConfig(guest) : lxcConfig(guest) };
    },
  };
}

function powerRoute(type: 'qemu', action: QemuAction): Route;
function powerRoute(type: 'lxc', action: LxcAction): Route;
function powerRoute(type: GuestType, action: QemuAction | LxcAction): Route {
  const extra = type === 'qemu' ? QEMU_ACTION_PARAMS[action as QemuAction] : LXC_ACTION_PARAMS[action as LxcAction];
  return {
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    proxyToNode: true,
    permission: vmPermission('VM.PowerMgmt'),
    params: { node: NODE_PARAM, vmid: VMID_PARAM, ...extra },
    handle: ({ sim, auth }, params) => {
      const nodeName = String(params.node);
      const vmid = Number(params.vmid);
      const plan =
        type === 'qemu'
          ? planQemuAction(sim.cluster, nodeName, vmid, action as QemuAction, params)
          : planLxcAction(sim.cluster, nodeName, vmid, action as LxcAction);
      const task = sim.tasks.start({ node: sim.cluster.node(nodeName)!, type: plan.taskType, id: String(vmid), user: auth.user, work: plan.work });
      return { data: task.upid };
    },
  };
}

const QEMU_ACTIONS: QemuAction[] = ['start', 'stop', 'shutdown', 'reboot', 'reset', 'suspend', 'resume'];
const LXC_ACTIONS: LxcAction[] = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];

export const guestRoutes: Route[] = [
  listRoute('qemu'),
  listRoute('lxc'),
  statusRoute('qemu'),
  statusRoute('lxc'),
  configRoute('qemu'),
  configRoute('lxc'),
  ...QEMU_ACTIONS.map((action) => powerRoute('qemu', action)),
  ...LXC_ACTIONS.map((action) => powerRoute('lxc', action)),
];
