import { type AuthContext } from './proxmox-auth.js';
import type { ClusterState, SimNode } from './proxmox-cluster.js';
import type { ConsoleSession, ConsoleTickets, ConsoleWebSocketHandler } from './console-tickets.js';
import { PveError, handlerError, notImplemented, paramError } from './pve-error.js';
import { validateParams, type ParamSchema, type Params, type RawParams } from './params.util.js';
import type { TaskManager } from './tasks.js';

/** The Proxmox VE release the simulator claims to be (GET /version). */
export interface PveVersion {
  /** The full pve-manager package version, e.g. "8.4.1". */
  version: string;
  /** The point release, e.g. "8.4". */
  release: string;
  /** Short git revision (16 hex since 8.0). */
  repoid: string;
}

/** What route handlers work on: one simulated cluster. */
export interface SimContext {
  cluster: ClusterState;
  tasks: TaskManager;
  consoles: ConsoleTickets;
  pveVersion: PveVersion;
  /** The node this server stands for (whose certificate it presents). */
  entryNode(): SimNode;
  websocketHandler: ConsoleWebSocketHandler | undefined;
}

/** One request as a route sees it. */
export interface RouteContext {
  sim: SimContext;
  auth: AuthContext;
  method: string;
  /** The path after /api2/json, as PVE's rel_uri. */
  path: string;
  pathParams: Record<string, string>;
  /** True when the request asks for a WebSocket upgrade. */
  upgrade: boolean;
}

/** A route's answer: data for the envelope, a pre-serialized body, or a console to upgrade into. */
export type RouteResult = { data: unknown; total?: number } | { rawJson: string } | { upgrade: ConsoleSession; node: string; port: number };

/** An API method: path template, permission check, parameter schema and code, like a PVE::RESTHandler method. */
export interface Route {
  method: 'GET' | 'POST';
  /** e.g. '/nodes/{node}/qemu/{vmid}/status/current'. */
  path: string;
  /** `proxyto => 'node'`: pveproxy forwards the call to the node in the path. */
  proxyToNode?: boolean;
  /** check_api2_permissions, given the path parameters (before any validation). */
  permission?: (ctx: RouteContext) => void;
  params: ParamSchema;
  handle: (ctx: RouteContext, params: Params) => RouteResult;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

/** Finds and runs API methods in the order of pve-manager's rest_handler. */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...route, names, regex: new RegExp(`^${source}$`) };
    });
  }

  /**
   * find_handler -> duplicate-parameter check -> permissions -> proxy to the node -> parameter
   * validation -> code. Throws PveError for every refusal.
   */
  dispatch(base: Omit<RouteContext, 'pathParams'>, raw: RawParams): RouteResult {
    const found = this.find(base.method, base.path);
    if (!found) throw notImplemented(base.method, base.path);
    const { route, pathParams } = found;
    const ctx: RouteContext = { ...base, pathParams };
    const merged: RawParams = { ...pathParams };
    for (const [key, value] of Object.entries(raw)) {
      if (key in pathParams) throw paramError({ [key]: 'duplicate parameter (already defined in URI)' });
      merged[key] = value;
    }
    route.permission?.(ctx);
    if (route.proxyToNode) resolveProxyNode(ctx.sim.cluster, pathParams.node ?? '');
    const params = validateParams(merged, { ...pathSchema(route), ...route.params }, ctx.auth.user);
    return route.handle(ctx, params);
  }

  private find(method: string, path: string): { route: CompiledRoute; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.regex.exec(path);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => (pathParams[name] = decodeURIComponent(match[index + 1] ?? '')));
      return { route, pathParams };
    }
    return undefined;
  }
}

function pathSchema(route: Route): ParamSchema {
  const schema: ParamSchema = {};
  for (const name of route.path.matchAll(/\{(\w+)\}/g)) {
    const key = name[1] as string;
    if (!route.params[key]) schema[key] = { type: 'string' };
  }
  return schema;
}

/**
 * The node a proxied call goes to: PVE::Cluster::remote_node_ip falls back to DNS for names it does
 * not know (500 "hostname lookup ... failed"), and AnyEvent::HTTP reports an unreachable node as 595.
 */
export function resolveProxyNode(cluster: ClusterState, name: string): SimNode {
  const node = cluster.node(name);
  if (!node) throw handlerError(`hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
  if (!node.online) throw new PveError(595, 'No route to host', undefined, 'none');
  return node;
}
