import { formatDateTime, formatRelative } from './format.util';

/** A point in time: relative or absolute on screen, the exact ISO time in the tooltip. */
export function Timestamp({ iso, relative = false, empty = '—' }: { iso: string | null | undefined; relative?: boolean; empty?: string }) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toString()}>
      {relative ? formatRelative(iso) : formatDateTime(iso)}
    </time>
  );
}
