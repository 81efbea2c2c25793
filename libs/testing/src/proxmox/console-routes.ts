import { requirePrivilege, splitTokenId } from './proxmox-auth.js';
import { handlerError } from './pve-error.js';
import type { GuestType } from './proxmox-cluster.js';
import { NODE_PARAM, VMID_PARAM, type ParamSchema } from './params.util.js';
import { configMissing } from './power-actions.js';
import type { ConsoleSession } from './console-tickets.js';
import { resolveProxyNode, type Route, type RouteContext, type RouteResult } from './proxmox-router.js';

// Console endpoints: qemu-server API2/Qemu.pm vncproxy/termproxy/vncwebsocket, pve-container
// API2/LXC.pm vncproxy/termproxy/vncwebsocket, pve-manager API2/Nodes.pm termproxy/vncwebsocket.
// None of them is `proxyto => 'node'`: the entry node runs the proxy and reaches the guest's node
// itself, so a guest on another node is reported by load_config($vmid, $node).

const consolePermission = (ctx: RouteContext) => requirePrivilege(ctx.auth, `/vms/${ctx.pathParams.vmid}`, 'VM.Console');
const nodeConsolePermission = (ctx: RouteContext) => requirePrivilege(ctx.auth, `/nodes/${ctx.pathParams.node}`, 'Sys.Console');

/**
 * PVE::AccessControl::verify_username, which the node shell applies to the caller. An API token
 * id (`user@realm!name`) is not a user name, so a node shell cannot be opened with a token on a
 * real PVE ("value 'root@pam!x' does not look like a valid user name").
 */
function verifyUsername(user: string): void {
  if (splitTokenId(user) || !/^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/.test(user)) {
    throw handlerError(`value '${user}' does not look like a valid user name`);
  }
}

function guestOrConfigError(ctx: RouteContext, type: GuestType, node: string, vmid: number) {
  const guest = ctx.sim.cluster.guestOn(node, type, vmid);
  if (!guest) throw handlerError(configMissing(type, node, vmid));
  return guest;
}

function proxyRoute(type: GuestType, endpoint: 'vncproxy' | 'termproxy'): Route {
  const params: ParamSchema =
    endpoint === 'vncproxy'
      ? type === 'qemu'
        ? { websocket: { type: 'boolean', optional: true }, 'generate-password': { type: 'boolean', optional: true } }
        : { websocket: { type: 'boolean', optional: true }, width: { type: 'integer', optional: true, minimum: 16, maximum: 4096 }, height: { type: 'integer', optional: true, minimum: 16, maximum: 2160 } }
      : type === 'qemu'
        ? { serial: { type: 'string', optional: true, enum: ['serial0', 'serial1', 'serial2', 'serial3'] } }
        : {};
  return {
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/${endpoint}`,
    permission: consolePermission,
    params: { node: NODE_PARAM, vmid: VMID_PARAM, ...params },
    handle: (ctx, p) => {
      const nodeName = String(p.node);
      const vmid = Number(p.vmid);
      guestOrConfigError(ctx, type, nodeName, vmid);
      const session = ctx.sim.consoles.open({
        node: ctx.sim.cluster.node(nodeName)!,
        user: ctx.auth.user,
        path: `/vms/${vmid}`,
        vmid,
        guestType: type,
        protocol: endpoint === 'vncproxy' ? 'vnc' : 'term',
        taskType: 'vncproxy', // termproxy workers are 'vncproxy' tasks too
        generatePassword: Boolean(p['generate-password']),
      });
      // The port went through a string context (wait_for_vnc_port), so JSON carries it as a string.
      const data: Record<string, unknown> = { user: session.user, ticket: session.ticket, port: String(session.port), upid: session.task.upid };
      if (endpoint === 'vncproxy') data.cert = ctx.sim.cluster.ca.certPem;
      if (session.password !== undefined) data.password = session.password;
      return { data };
    },
  };
}

const websocketParams: ParamSchema = {
  vncticket: { type: 'string', maxLength: 512 },
  port: { type: 'integer', minimum: 5900, maximum: 5999 },
};

/** A plain GET answers `{port}` (the handler's return value); an Upgrade request becomes the console's WebSocket. */
function websocketResult(ctx: RouteContext, session: ConsoleSession, node: string, port: number): RouteResult {
  return ctx.upgrade ? { upgrade: session, node, port } : { data: { port: String(port) } };
}

function guestWebsocketRoute(type: GuestType): Route {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/vncwebsocket`,
    permission: consolePermission,
    params: { node: NODE_PARAM, vmid: VMID_PARAM, ...websocketParams },
    handle: (ctx, p) => {
      const node = String(p.node);
      const vmid = Number(p.vmid);
      const session = ctx.sim.consoles.verify(String(p.vncticket), ctx.auth.user, `/vms/${vmid}`);
      guestOrConfigError(ctx, type, node, vmid);
      return websocketResult(ctx, session, node, Number(p.port));
    },
  };
}

export const consoleRoutes: Route[] = [
  proxyRoute('qemu', 'vncproxy'),
  proxyRoute('qemu', 'termproxy'),
  proxyRoute('lxc', 'vncproxy'),
  proxyRoute('lxc', 'termproxy'),
  guestWebsocketRoute('qemu'),
  guestWebsocketRoute('lxc'),
  {
    method: 'POST',
    path: '/nodes/{node}/termproxy',
    permission: nodeConsolePermission,
    params: { node: NODE_PARAM, cmd: { type: 'string', optional: true, enum: ['ceph_install', 'login', 'upgrade'] }, 'cmd-opts': { type: 'string', optional: true } },
    handle: (ctx, p) => {
      verifyUsername(ctx.auth.user);
      const node = resolveProxyNode(ctx.sim.cluster, String(p.node));
      const session = ctx.sim.consoles.open({ node, user: ctx.auth.user, path: `/nodes/${node.name}`, protocol: 'term', taskType: 'vncshell' });
      return { data: { user: session.user, ticket: session.ticket, port: String(session.port), upid: session.task.upid } };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/vncwebsocket',
    permission: nodeConsolePermission,
    params: { node: NODE_PARAM, ...websocketParams },
    handle: (ctx, p) => {
      verifyUsername(ctx.auth.user);
      const session = ctx.sim.consoles.verify(String(p.vncticket), ctx.auth.user, `/nodes/${p.node}`);
      return websocketResult(ctx, session, String(p.node), Number(p.port));
    },
  },
];
