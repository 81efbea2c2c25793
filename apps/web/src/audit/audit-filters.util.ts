import { AuditOutcome } from '@pve-nexus/contracts';
import type { AuditFilters } from '../api/nexus-api';

/** The filters a person sets; kept in the URL (`?action=member.*&outcome=success`) so views can be shared. */
export interface AuditFilterValues {
  action: string;
  actorId: string;
  outcome: '' | AuditOutcome;
  /** ISO times. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = { action: '', actorId: '', outcome: '', from: '', to: '' };
const NAMES = ['action', 'actorId', 'outcome', 'from', 'to'] as const;

export function filtersFromSearch(search: URLSearchParams): AuditFilterValues {
  const outcome = AuditOutcome.safeParse(search.get('outcome'));
  return {
    action: search.get('action') ?? '',
    actorId: search.get('actorId') ?? '',
    outcome: outcome.success ? outcome.data : '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

export function filtersToSearch(filters: AuditFilterValues): string {
  const params = new URLSearchParams();
  for (const name of NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** The API's query; empty filters are left out. */
export function toQuery(filters: AuditFilterValues): AuditFilters {
  return {
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.actorId.trim() ? { actorId: filters.actorId.trim() } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** ISO time → the value of an `<input type="datetime-local">` in the reader's time zone. */
export function isoToLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of an `<input type="datetime-local">` (local time) → ISO time; empty stays empty. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
