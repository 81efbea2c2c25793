import { certificateInfo } from './certificates.js';
import { hasPrivilege, requirePrivilege } from './proxmox-auth.js';
import { PveError, paramError } from './pve-error.js';
import { NODE_PARAM, VMID_PARAM } from './params.util.js';
import type { Route, RouteContext } from './proxmox-router.js';
import { nodeStatsEntry, nodeStatus } from './resource-views.js';
import { taskListView, taskStatusView, type SimTask } from './tasks.js';
import { decodeUpid } from './upid.util.js';

// pve-manager PVE/API2/Nodes.pm (index, status), PVE/API2/Certificates.pm (info) and
// PVE/API2/Tasks.pm (node_tasks, read_task_status, read_task_log).

const nodeAudit = ({ auth, pathParams }: RouteContext) => requirePrivilege(auth, `/nodes/${pathParams.node}`, 'Sys.Audit');

/** The task named by {upid} on {node}, with read_task_status's parameter errors. */
function findTask(ctx: RouteContext, upid: string, node: string): SimTask {
  if (!decodeUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
  const task = ctx.sim.tasks.get(upid);
  // The task file lives on the node that ran it; asking another node finds no file.
  if (!task || task.node !== node) throw paramError({ upid: 'no such task' });
  // $check_task_user: the owner, or Sys.Audit on the node.
  if (task.user !== ctx.auth.user) requirePrivilege(ctx.auth, `/nodes/${node}`, 'Sys.Audit');
  return task;
}

export const nodeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/nodes',
    params: {},
    handle: ({ sim, auth }) => ({
      data: sim.cluster.nodes.map((node) => {
        const entry = nodeStatsEntry(node, Date.now());
        if (!hasPrivilege(auth, 'Sys.Audit')) for (const key of ['uptime', 'cpu', 'mem', 'disk', 'maxcpu', 'maxmem', 'maxdisk']) delete entry[key];
        return { ...entry, ssl_fingerprint: node.certificate.fingerprint };
      }),
    }),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    proxyToNode: true,
    permission: nodeAudit,
    params: { node: NODE_PARAM },
    handle: ({ sim, pathParams }) => ({ data: nodeStatus(sim.cluster.node(pathParams.node ?? '')!, Date.now(), sim.pveVersion) }),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/certificates/info',
    proxyToNode: true,
    permission: nodeAudit,
    params: { node: NODE_PARAM },
    handle: ({ sim, pathParams }) => {
      const node = sim.cluster.node(pathParams.node ?? '')!;
      return { data: [certificateInfo('pve-root-ca.pem', sim.cluster.ca.certPem), certificateInfo('pve-ssl.pem', node.certificate.certPem)] };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks',
    proxyToNode: true,
    params: {
      node: NODE_PARAM,
      start: { type: 'integer', optional: true, minimum: 0 },
      limit: { type: 'integer', optional: true, minimum: 0 },
      userfilter: { type: 'string', optional: true },
      typefilter: { type: 'string', optional: true },
      vmid: { ...VMID_PARAM, optional: true },
      errors: { type: 'boolean', optional: true },
      source: { type: 'string', optional: true, enum: ['archive', 'active', 'all'] },
      since: { type: 'integer', optional: true },
      until: { type: 'integer', optional: true },
      statusfilter: { type: 'string', optional: true },
    },
    handle: (ctx, params) => {
      const node = String(params.node);
      const auditor = hasPrivilege(ctx.auth, 'Sys.Audit');
      const source = (params.source as string | undefined) ?? 'archive';
      const start = Number(params.start ?? 0);
      let limit = Number(params.limit ?? 50);
      let count = 0;
      const out: Record<string, unknown>[] = [];
      for (const task of ctx.sim.tasks.list(node)) {
        // 'archive' (the default) lists only finished tasks, from the index file.
        if (source === 'archive' && task.status === 'running') continue;
        if (source === 'active' && task.status !== 'running') continue;
        if (params.userfilter && !task.user.toLowerCase().includes(String(params.userfilter).toLowerCase())) continue;
        if (!auditor && task.user !== ctx.auth.user) continue;
        if (params.typefilter && task.type !== params.typefilter) continue;
        if (params.vmid && task.id !== String(params.vmid)) continue;
        if (params.since !== undefined && task.starttime < Number(params.since)) continue;
        if (params.until !== undefined && task.starttime > Number(params.until)) continue;
        if (params.errors && task.exitstatus === 'OK') continue;
        if (count++ < start || limit <= 0) continue;
        out.push(taskListView(task));
        limit--;
      }
      return { data: out, total: count };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    proxyToNode: true,
    params: { node: NODE_PARAM, upid: { type: 'string' } },
    handle: (ctx, params) => ({ data: taskStatusView(findTask(ctx, String(params.upid), String(params.node))) }),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    proxyToNode: true,
    params: {
      node: NODE_PARAM,
      upid: { type: 'string' },
      start: { type: 'integer', optional: true, minimum: 0 },
      limit: { type: 'integer', optional: true, minimum: 0 },
      download: { type: 'boolean', optional: true },
    },
    handle: (ctx, params) => {
      const upid = String(params.upid);
      if (!decodeUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
      const task = ctx.sim.tasks.get(upid);
      // read_task_log does not check that the file exists: dump_logfile reports it as a line.
      if (!task || task.node !== params.node) return { data: [{ n: 1, t: 'unable to open file - No such file or directory' }], total: 1 };
      if (task.user !== ctx.auth.user) requirePrivilege(ctx.auth, `/nodes/${params.node}`, 'Sys.Audit');
      if (params.download) throw new PveError(501, 'task log download is not simulated');
      const start = Number(params.start ?? 0);
      const limit = Number(params.limit ?? 50);
      // dump_logfile: lines numbered from 1, limit 0 = to the end, an empty log reads "no content".
      const lines = task.log.map((t, index) => ({ n: index + 1, t }));
      if (lines.length === 0) return { data: [{ n: 1, t: 'no content' }], total: 1 };
      return { data: lines.slice(start, limit === 0 ? undefined : start + limit), total: lines.length };
    },
  },
];
