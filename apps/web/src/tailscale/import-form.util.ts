// The import dialog's rows: one per selected device, checked with the contract schema the API validates
// with (ImportDevicesBody), and the API's answer told per device.
import { ImportDevicesBody, type MachineType, type TailnetDevice } from '@pve-nexus/contracts';
import type { ApiError } from '../api/api-error';

export interface ImportRow {
  device: Pick<TailnetDevice, 'id' | 'name' | 'hostname' | 'os' | 'addresses'>;
  displayName: string;
  machineType: MachineType;
  /** As typed; empty means none. */
  tdpWatts: string;
  category: string;
}

export const IMPORT_FIELDS = ['displayName', 'machineType', 'tdpWatts', 'category', 'deviceId'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type RowErrors = Partial<Record<ImportField, string>>;

/** A row per device, named after its host name until the person names it. */
export function importRowsOf(devices: readonly ImportRow['device'][]): ImportRow[] {
  return devices.map((device) => ({ device, displayName: device.hostname, machineType: 'server', tdpWatts: '', category: '' }));
}

function rawBody(rows: readonly ImportRow[]) {
  return {
    devices: rows.map((row) => ({
      deviceId: row.device.id,
      displayName: row.displayName,
      machineType: row.machineType,
      ...(row.tdpWatts.trim() ? { tdpWatts: Number(row.tdpWatts.trim()) } : {}),
      ...(row.category.trim() ? { category: row.category } : {}),
    })),
  };
}

export type CheckedImport = { ok: true; body: ImportDevicesBody } | { ok: false; errors: RowErrors[] };

/** The body to send, or the problems of each row in words that say how to fix them. */
export function checkImport(rows: readonly ImportRow[]): CheckedImport {
  const parsed = ImportDevicesBody.safeParse(rawBody(rows));
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: RowErrors[] = rows.map(() => ({}));
  for (const issue of parsed.error.issues) {
    const [, index, field] = issue.path;
    if (typeof index !== 'number' || typeof field !== 'string' || !(IMPORT_FIELDS as readonly string[]).includes(field)) continue;
    const row = rows[index]!;
    errors[index]![field as ImportField] ??= importMessage(field as ImportField, row, issue.message);
  }
  return { ok: false, errors };
}

export function importMessage(field: ImportField, row: ImportRow, fallback: string): string {
  switch (field) {
    case 'displayName':
      return row.displayName.trim() ? 'At most 100 characters, without control characters' : 'Enter a display name';
    case 'tdpWatts':
      return 'Whole watts between 1 and 100000, or leave it empty';
    case 'category':
      return 'At most 50 characters, without control characters';
    case 'machineType':
    case 'deviceId':
      return fallback;
  }
}

/** The API's problems per row (`devices.N.field`): a duplicate names the machine it was imported as. */
export function rowErrorsOf(error: ApiError, rows: readonly ImportRow[]): RowErrors[] {
  return rows.map((_, index) => {
    const errors: RowErrors = {};
    for (const field of IMPORT_FIELDS) {
      const message = error.fieldError(`devices.${index}.${field}`);
      if (message) errors[field] = message;
    }
    return errors;
  });
}

/** The field paths the rows show, so that the dialog's error box lists only the others. */
export function shownPaths(rows: readonly ImportRow[]): string[] {
  return rows.flatMap((_, index) => IMPORT_FIELDS.map((field) => `devices.${index}.${field}`));
}
