import type { ReactNode } from 'react';

/** Under a table: `empty` (its EmptyState) once loaded without rows, or a loading line before the first answer. */
export function TableStatus({ rows, loading, loadingText, empty }: { rows: readonly unknown[] | undefined; loading: boolean; loadingText: string; empty: ReactNode }) {
  if (rows) return rows.length === 0 ? empty : null;
  return loading ? <p className="table__loading">{loadingText}</p> : null;
}

/** A row's tags as small pills. */
export function TagPills({ tags }: { tags: readonly string[] }) {
  return tags.map((tag) => (
    <span key={tag} className="pill pill--neutral fleet-tag">
      {tag}
    </span>
  ));
}
