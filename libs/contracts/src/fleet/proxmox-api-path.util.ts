/**
 * Which Proxmox API paths the read-only API browser may GET: a whitelist of exact paths (with
 * `{node}`, `{vmid}` placeholders), each with the few query parameters it accepts.
 *
 * Why exact paths and not prefixes: under `nodes/{node}/qemu/{vmid}` live `vncproxy`, `termproxy`
 * and `spiceproxy`, which hand out console tickets; `access/*`, `cluster/config` and
 * `nodes/{node}/subscription` return secrets or keys. Anything not listed is refused.
 *
 * The raw path (as received, still percent-encoded) is checked, never a decoded one: percent
 * escapes, backslashes, `.`/`..` and empty segments are refused outright, so no decoding step
 * downstream can turn an allowed path into another one.
 */

/** A query parameter the browser may pass on, and the values it accepts. */
type ParamRule = RegExp;

interface Allowed {
  pattern: string;
  query?: Record<string, ParamRule>;
}

const NODE = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const VMID = /^[1-9][0-9]{2,8}$/;
const COUNT = /^[0-9]{1,5}$/;

/** The whitelist (GET only). */
export const PROXMOX_API_BROWSE_PATHS: readonly Allowed[] = [
  { pattern: 'version' },
  { pattern: 'cluster/status' },
  { pattern: 'cluster/resources', query: { type: /^(vm|storage|node|sdn)$/ } },
  { pattern: 'nodes' },
  { pattern: 'nodes/{node}' },
  { pattern: 'nodes/{node}/status' },
  { pattern: 'nodes/{node}/qemu' },
  { pattern: 'nodes/{node}/lxc' },
  { pattern: 'nodes/{node}/qemu/{vmid}/status/current' },
  { pattern: 'nodes/{node}/qemu/{vmid}/config' },
  { pattern: 'nodes/{node}/lxc/{vmid}/status/current' },
  { pattern: 'nodes/{node}/lxc/{vmid}/config' },
  { pattern: 'nodes/{node}/tasks', query: { limit: COUNT, start: COUNT, vmid: VMID, source: /^(archive|active|all)$/ } },
  { pattern: 'nodes/{node}/storage' },
  { pattern: 'nodes/{node}/network' },
  { pattern: 'nodes/{node}/certificates/info' },
];

export const PROXMOX_API_PATH_MAX = 512;

export type ApiPathVerdict =
  | { ok: true; /** Normalised: `/nodes/pve1/status`, `/cluster/resources?type=vm`. */ path: string }
  | { ok: false; reason: string };

const refuse = (reason: string): ApiPathVerdict => ({ ok: false, reason });

/**
 * Decides whether the browser may ask Proxmox for `raw` (the part after `/api2/json/`, query
 * included, as received) with `method`. Pure; used by the gateway and again by the executor.
 */
export function checkProxmoxApiPath(raw: string, method = 'GET'): ApiPathVerdict {
  if (method.toUpperCase() !== 'GET') return refuse('only GET is allowed');
  if (raw.length === 0) return refuse('the path is empty');
  if (raw.length > PROXMOX_API_PATH_MAX) return refuse(`the path is longer than ${PROXMOX_API_PATH_MAX} characters`);
  if (raw.includes('%')) return refuse('percent-encoded characters are not allowed');
  if (raw.includes('\\')) return refuse('backslashes are not allowed');
  if (raw.includes('#')) return refuse('fragments are not allowed');
  const question = raw.indexOf('?');
  const pathPart = (question === -1 ? raw : raw.slice(0, question)).replace(/^\//, '');
  const queryPart = question === -1 ? undefined : raw.slice(question + 1);
  if (!/^[A-Za-z0-9._/-]+$/.test(pathPart)) return refuse('the path may only hold letters, digits, ".", "_", "-" and "/"');
  const segments = pathPart.split('/');
  if (segments.some((segment) => segment === '')) return refuse('empty path segments are not allowed');
  if (segments.some((segment) => segment === '.' || segment === '..')) return refuse('"." and ".." segments are not allowed');
  const allowed = PROXMOX_API_BROWSE_PATHS.find((entry) => matches(entry.pattern, segments));
  if (!allowed) return refuse(`"${pathPart}" is not one of the read-only paths the browser may open`);

  if (queryPart === undefined) return { ok: true, path: `/${segments.join('/')}` };
  if (queryPart === '') return refuse('the query string is empty');
  const pairs: string[] = [];
  const seen = new Set<string>();
  for (const pair of queryPart.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return refuse(`query parameter "${pair}" has no value`);
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const rule = allowed.query && Object.hasOwn(allowed.query, key) ? allowed.query[key] : undefined;
    if (!rule) return refuse(`query parameter "${key}" is not allowed on "${allowed.pattern}"`);
    if (seen.has(key)) return refuse(`query parameter "${key}" is repeated`);
    if (!rule.test(value)) return refuse(`query parameter "${key}" has a value that is not allowed`);
    seen.add(key);
    pairs.push(`${key}=${value}`);
  }
  return { ok: true, path: `/${segments.join('/')}?${pairs.join('&')}` };
}

function matches(pattern: string, segments: string[]): boolean {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return false;
  return parts.every((part, i) => {
    const segment = segments[i]!;
    if (part === '{node}') return NODE.test(segment);
    if (part === '{vmid}') return VMID.test(segment);
    return part === segment;
  });
}
