import type { ServerHealthView } from '@pve-nexus/contracts';

/** One hour of the charts; null values are hours without checks (gaps, not zeros). */
export interface HourPoint {
  /** Epoch ms of the hour's start. */
  t: number;
  label: string;
  successPct: number | null;
  avgMs: number | null;
  maxMs: number | null;
  checks: number;
}

const HOUR_MS = 3_600_000;

/** The last `hours` hours ending with the current one, each filled from the API's hourly rows (which skip empty hours). */
export function hourlySeries(rows: ServerHealthView['hours'], hours: number, now = Date.now()): HourPoint[] {
  const byHour = new Map(rows.map((row) => [Math.floor(Date.parse(row.hour) / HOUR_MS) * HOUR_MS, row]));
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  const points: HourPoint[] = [];
  for (let i = hours - 1; i >= 0; i--) {
    const t = current - i * HOUR_MS;
    const row = byHour.get(t);
    const label = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    points.push({
      t,
      label,
      successPct: row ? Math.round(row.successRate * 1000) / 10 : null,
      avgMs: row?.avgLatencyMs == null ? null : Math.round(row.avgLatencyMs),
      maxMs: row?.maxLatencyMs ?? null,
      checks: row?.checks ?? 0,
    });
  }
  return points;
}
