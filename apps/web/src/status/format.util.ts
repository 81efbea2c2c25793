import type { HealthState, ServiceName } from '@pve-nexus/contracts';

/** How each process is called on screen; a `Record` so a new service in the contract fails the build here. */
export const SERVICE_LABELS: Record<ServiceName, string> = {
  gateway: 'Gateway',
  inventory: 'Inventory',
  discovery: 'Discovery',
  executor: 'Executor',
  'console-relay': 'Console relay',
};

export const STATE_LABELS: Record<HealthState, string> = { up: 'Up', down: 'Down' };

/** `93784` → `1d 2h`, `750` → `12m 30s`; the two largest units are enough to read at a glance. */
export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const total = Math.floor(seconds);
  const units: Array<[string, number]> = [
    ['d', Math.floor(total / 86_400)],
    ['h', Math.floor((total % 86_400) / 3_600)],
    ['m', Math.floor((total % 3_600) / 60)],
    ['s', total % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first === -1) return '0s';
  return units
    .slice(first, first + 2)
    .map(([unit, value]) => `${value}${unit}`)
    .join(' ');
}

/** Sub-millisecond bus round trips are the norm here, so keep two decimals below 1 ms. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

export function formatClock(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
