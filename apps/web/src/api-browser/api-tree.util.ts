import { checkProxmoxApiPath, PROXMOX_API_BROWSE_PATHS } from '@pve-nexus/contracts';

/**
 * The tree the API browser walks: Proxmox's `/api2/json` as far as the browser's whitelist
 * (`PROXMOX_API_BROWSE_PATHS`, the one the gateway and the executor enforce) reaches. A path is
 * written without its leading slash; `''` is the root.
 *
 * Children come from the whitelist, not from Proxmox's directory indexes: the fixed names under a
 * path (`status`, `qemu`...) are the whitelist's, and only the `{node}` and `{vmid}` slots are filled
 * from the data Proxmox answered (the nodes of `nodes`, the guests of `nodes/pve1/qemu`). So a child
 * the browser may not open is never offered, and a folder the whitelist only passes through
 * (`cluster`, `nodes/pve1/qemu/100`) is shown without asking Proxmox.
 */

/** One entry of the tree under the current path. */
export interface TreeEntry {
  /** Full path, e.g. `nodes/pve1/qemu/100/status/current`. */
  path: string;
  /** What is shown: the part below the parent, e.g. `status/current` (a folder with one child is skipped). */
  label: string;
  /** Proxmox answers this path; otherwise it is a folder of the whitelist only. */
  fetchable: boolean;
  /** A word from the data about it (a guest's name, a node's status). */
  detail?: string;
}

const PATTERNS = PROXMOX_API_BROWSE_PATHS.map((entry) => entry.pattern.split('/'));
const PLACEHOLDER_FIELDS: Record<string, string> = { '{node}': 'node', '{vmid}': 'vmid' };

const split = (path: string) => (path === '' ? [] : path.split('/'));
const join = (parent: string, child: string) => (parent === '' ? child : `${parent}/${child}`);

/** Whether Proxmox may be asked for `path` (exactly one whitelisted path, placeholders filled with valid values). */
export function isFetchable(path: string): boolean {
  return path !== '' && checkProxmoxApiPath(path).ok;
}

/** The whitelist's names and slots one level below `path`. */
function nextParts(path: string): { names: string[]; slots: string[] } {
  const segments = split(path);
  const names = new Set<string>();
  const slots = new Set<string>();
  for (const parts of PATTERNS) {
    if (parts.length <= segments.length) continue;
    if (!segments.every((segment, i) => parts[i] === segment || parts[i]!.startsWith('{'))) continue;
    const next = parts[segments.length]!;
    if (next.startsWith('{')) slots.add(next);
    else names.add(next);
  }
  return { names: [...names], slots: [...slots] };
}

/** Whether the browser can open `path` or something below it (so a link there leads somewhere). */
function leadsSomewhere(path: string, depth = 0): boolean {
  if (isFetchable(path)) return true;
  if (depth > 8) return false;
  return nextParts(path).names.some((name) => leadsSomewhere(join(path, name), depth + 1));
}

/** The entry for `path`, following a folder with a single fixed child down to it. */
function entryAt(parent: string, path: string, detail?: string): TreeEntry | undefined {
  if (!leadsSomewhere(path)) return undefined;
  let current = path;
  for (;;) {
    if (isFetchable(current)) break;
    const { names, slots } = nextParts(current);
    const reachable = names.filter((name) => leadsSomewhere(join(current, name)));
    if (reachable.length !== 1 || slots.length > 0) break;
    current = join(current, reachable[0]!);
  }
  const label = parent === '' ? current : current.slice(parent.length + 1);
  return { path: current, label, fetchable: isFetchable(current), ...(detail ? { detail } : {}) };
}

/** What an item of Proxmox's answer says about itself, for the entry's detail. */
function describe(item: Record<string, unknown>, field: string): string | undefined {
  const words = [field === 'vmid' ? item.name : undefined, item.status].filter((word): word is string => typeof word === 'string' && word !== '');
  return words.length > 0 ? words.join(' · ') : undefined;
}

/** The `{node}` or `{vmid}` values Proxmox's answer at `path` names: `node` / `vmid` of each item. */
function slotValues(slot: string, data: unknown): Array<{ value: string; item: Record<string, unknown> }> {
  const field = PLACEHOLDER_FIELDS[slot];
  if (!field || !Array.isArray(data)) return [];
  const values: Array<{ value: string; item: Record<string, unknown> }> = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = (item as Record<string, unknown>)[field];
    if (typeof raw === 'string' || typeof raw === 'number') values.push({ value: String(raw), item: item as Record<string, unknown> });
  }
  return values;
}

/**
 * The entries below `path`: the whitelist's fixed names first, in its order, then the nodes or guests
 * named by `data` (Proxmox's answer at `path`, if it was asked), in numeric then alphabetical order.
 */
export function childrenOf(path: string, data: unknown): TreeEntry[] {
  const { names, slots } = nextParts(path);
  const fixed = names.map((name) => entryAt(path, join(path, name))).filter((entry): entry is TreeEntry => entry !== undefined);
  const filled = slots.flatMap((slot) =>
    slotValues(slot, data)
      .sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }))
      .map(({ value, item }) => entryAt(path, join(path, value), describe(item, PLACEHOLDER_FIELDS[slot]!)))
      .filter((entry): entry is TreeEntry => entry !== undefined),
  );
  const seen = new Set<string>();
  return [...fixed, ...filled].filter((entry) => !seen.has(entry.path) && seen.add(entry.path));
}

/** The way from the root to `path`, each step with the path it opens: `[{ '', '/api2/json' }, { 'nodes', 'nodes' }, ...]`. */
export function breadcrumbs(path: string): Array<{ path: string; label: string }> {
  const segments = split(path);
  return [{ path: '', label: '/api2/json' }, ...segments.map((segment, i) => ({ path: segments.slice(0, i + 1).join('/'), label: segment }))];
}

/**
 * A path from the address bar, made safe to use: without slashes at either end, and only when the
 * whitelist leads there (anything else opens the root).
 */
export function normalizePath(raw: string | null): string {
  const path = (raw ?? '').replace(/^\/+|\/+$/g, '');
  return path === '' || leadsSomewhere(path) ? path : '';
}
