import type { GuestView } from '@pve-nexus/contracts';

/** The dashboard's filters; empty strings mean "any". */
export interface FleetFilters {
  serverId: string;
  node: string;
  status: string;
  tag: string;
  /** Matched case-insensitively against the name and the vmid. */
  search: string;
}

export const NO_FLEET_FILTERS: FleetFilters = { serverId: '', node: '', status: '', tag: '', search: '' };

export type SortKey = 'name' | 'vmid' | 'serverName' | 'node' | 'status' | 'type' | 'cpu' | 'mem' | 'uptime';
export interface Sort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** A guest's identity across the fleet: vmids are unique per cluster, not across servers. */
export function guestKey(guest: Pick<GuestView, 'serverId' | 'vmid'>): string {
  return `${guest.serverId}:${guest.vmid}`;
}

export function filterGuests(guests: readonly GuestView[], filters: FleetFilters): GuestView[] {
  const search = filters.search.trim().toLowerCase();
  return guests.filter(
    (guest) =>
      (!filters.serverId || guest.serverId === filters.serverId) &&
      (!filters.node || guest.node === filters.node) &&
      (!filters.status || guest.status === filters.status) &&
      (!filters.tag || guest.tags.includes(filters.tag)) &&
      (!search || guest.name.toLowerCase().includes(search) || String(guest.vmid).includes(search)),
  );
}

const memShare = (guest: GuestView) => (guest.maxmem > 0 ? guest.mem / guest.maxmem : 0);
const VALUE: Record<SortKey, (guest: GuestView) => string | number> = {
  name: (guest) => guest.name.toLowerCase(),
  vmid: (guest) => guest.vmid,
  serverName: (guest) => guest.serverName.toLowerCase(),
  node: (guest) => guest.node,
  status: (guest) => guest.status,
  type: (guest) => guest.type,
  cpu: (guest) => guest.cpu,
  mem: memShare,
  uptime: (guest) => guest.uptime,
};

/** A stable sort by one column; ties by server then vmid, so rows never jump between refreshes. */
export function sortGuests(guests: readonly GuestView[], sort: Sort): GuestView[] {
  const value = VALUE[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...guests].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const primary = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * primary || a.serverName.localeCompare(b.serverName) || a.vmid - b.vmid;
  });
}

/** The distinct values of one field, sorted, for a filter's options. */
export function distinct(guests: readonly GuestView[], pick: (guest: GuestView) => string | readonly string[]): string[] {
  const values = new Set<string>();
  for (const guest of guests) {
    const picked = pick(guest);
    if (typeof picked === 'string') values.add(picked);
    else for (const value of picked) values.add(value);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';

export const ACTION_LABELS: Record<PowerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  shutdown: 'Shutdown',
  reboot: 'Reboot',
  reset: 'Reset',
  suspend: 'Suspend',
  resume: 'Resume',
};

/** What the confirmation says each action does. */
export const ACTION_EFFECTS: Record<PowerAction, string> = {
  start: 'boots the guest.',
  stop: 'cuts the power at once: unsaved data in the guest is lost.',
  shutdown: 'asks the guest operating system to shut down cleanly.',
  reboot: 'asks the guest operating system to restart.',
  reset: 'resets the virtual machine at once, like a reset button.',
  suspend: 'pauses the virtual machine in memory.',
  resume: 'resumes the paused virtual machine.',
};

/** The power actions that make sense in the guest's state (qemu offers more than lxc); none for templates. */
export function actionsFor(guest: Pick<GuestView, 'type' | 'status' | 'template'>): PowerAction[] {
  if (guest.template) return [];
  if (guest.status === 'running') return guest.type === 'qemu' ? ['shutdown', 'reboot', 'stop', 'suspend'] : ['shutdown', 'reboot', 'stop'];
  if (guest.status === 'paused' || guest.status === 'suspended') return guest.type === 'qemu' ? ['resume', 'stop'] : ['stop'];
  if (guest.status === 'stopped') return ['start'];
  return [];
}

/**
 * The first `count` rows to render of `total`, for a scroll position: the visible window plus
 * `overscan` rows either side, so a fast scroll does not show blank space.
 */
export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): { start: number; end: number } {
  const visible = Math.ceil(viewportHeight / rowHeight);
  // After the list shrank under a scrolled viewport, show its end rather than nothing.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, total - visible));
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}
