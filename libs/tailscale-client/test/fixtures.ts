import { readFileSync } from 'node:fs';

/** A saved headscale answer (real ones, from TAILNET.md §6) of test/fixtures/headscale. */
export function headscaleFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/headscale/${name}.json`, import.meta.url), 'utf8'));
}
