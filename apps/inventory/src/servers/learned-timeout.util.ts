import type { HealthStatus } from '@pve-nexus/contracts';

/** How many recent ok latencies the learned timeout looks at. */
export const LEARNING_WINDOW = 20;
/** The learned timeout never goes below this (unless the configured timeout is lower). */
export const MIN_LEARNED_TIMEOUT_MS = 1_000;
const FACTOR = 3;
const MARGIN_MS = 250;

/**
 * The timeout of a server's next check, from the latencies of its recent ok checks:
 * clamp(p95 × 3 + 250 ms, 1 s, the configured connect timeout). A slow but alive server keeps a
 * timeout well above its usual latency, so it is not declared down; a dead one is detected after
 * at most the configured timeout, and usually much sooner. Null without any ok latency (use the
 * configured timeout).
 */
export function learnedTimeoutMs(okLatencies: readonly number[], connectTimeoutMs: number): number | null {
  if (okLatencies.length === 0) return null;
  const sorted = [...okLatencies.slice(-LEARNING_WINDOW)].sort((a, b) => a - b);
  const p95 = sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)]!;
  const wanted = Math.round(p95 * FACTOR + MARGIN_MS);
  return Math.min(Math.max(wanted, Math.min(MIN_LEARNED_TIMEOUT_MS, connectTimeoutMs)), connectTimeoutMs);
}

/** online after an ok check; degraded after one failure; offline after two failures in a row. */
export function healthStatus(ok: boolean, previousOk: boolean | null): HealthStatus {
  if (ok) return 'online';
  return previousOk === false ? 'offline' : 'degraded';
}

/** The start of the UTC hour of `at`. */
export function hourOf(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
