import { readFileSync } from 'node:fs';

/** The `version` of the package.json next to `src/` or `dist/` of the module at `moduleUrl`. */
export function packageVersion(moduleUrl: string): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', moduleUrl), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
