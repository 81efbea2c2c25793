import type { TlsTrust } from '@pve-nexus/contracts';

/** The seed's columns (seed 000, Part 6), in its order; export writes them, import accepts any order. */
export const CSV_COLUMNS = ['name', 'host', 'port', 'api_token', 'verify_ssl', 'use_tailscale', 'tailscale_hostname', 'tailscale_port'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: CsvColumn[] = ['name', 'host', 'api_token'];

/** Field of the server contract → its CSV column, to name the column in errors. */
export const COLUMN_OF_FIELD: Record<string, CsvColumn> = {
  name: 'name',
  host: 'host',
  port: 'port',
  apiToken: 'api_token',
  tlsTrust: 'verify_ssl',
  useTailscale: 'use_tailscale',
  tailscaleHostname: 'tailscale_hostname',
  tailscalePort: 'tailscale_port',
};

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** CSV booleans as spreadsheets write them; empty means "the default". */
export function parseCsvBoolean(value: string): boolean | undefined | 'invalid' {
  const text = value.trim().toLowerCase();
  if (text === '') return undefined;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return 'invalid';
}

/** verify_ssl=true is CA verification; false is trust on first use with pinned fingerprints. */
export function tlsTrustOf(verifySsl: boolean | undefined): TlsTrust | undefined {
  return verifySsl === undefined ? undefined : verifySsl ? 'ca' : 'pinned';
}
