// What both benchmarks share: their environment knobs, percentiles, and writing their section of
// docs/BENCHMARKS.md.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BENCHMARKS_FILE = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));

/** A non-negative integer from the environment variable `name`, else `fallback`. */
export function int(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

/** The nearest-rank percentile `p` (0-100) of `values`; NaN when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Replaces the section that starts with `heading` (up to the next `## `) in docs/BENCHMARKS.md with
 * `section`, or appends it; returns the file's path.
 */
export async function writeBenchmarkSection(heading, section) {
  let doc = await readFile(BENCHMARKS_FILE, 'utf8').catch(() => '# Benchmarks\n\nMeasurements of PVE Nexus on one machine; each section says how to reproduce it.\n');
  const start = doc.indexOf(heading);
  if (start === -1) {
    doc = `${doc.trimEnd()}\n\n${section}`;
  } else {
    const next = doc.indexOf('\n## ', start + heading.length);
    doc = `${doc.slice(0, start)}${section}${next === -1 ? '' : `\n${doc.slice(next + 1)}`}`;
  }
  await writeFile(BENCHMARKS_FILE, `${doc.trimEnd()}\n`);
  return BENCHMARKS_FILE;
}

/**
 * Runs `cleanup` and exits 1 on SIGINT, SIGTERM or once `deadlineMs` has passed. Returns `abort(why)`
 * for other fatal events and the deadline's timer, to clear when the run ends normally.
 */
export function abortCleanly(cleanup, deadlineMs) {
  const abort = (why) => {
    console.error(`bench: ${why}; cleaning up`);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('SIGINT'));
  process.once('SIGTERM', () => abort('SIGTERM'));
  const deadline = setTimeout(() => abort(`still running after ${deadlineMs / 60_000} min`), deadlineMs);
  deadline.unref();
  return { abort, deadline };
}
