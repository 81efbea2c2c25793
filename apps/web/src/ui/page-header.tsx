import type { ReactNode } from 'react';

/** The top of every page: its title, one line on what it is for, and its main actions. */
export function PageHeader({ title, description, actions, id }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <header className="page-header">
      <div>
        <h1 id={id}>{title}</h1>
        {description && <p className="page-header__description">{description}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}

/** What an empty table shows instead of rows. */
export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      <p className="empty__title">{title}</p>
      {children && <p className="empty__text">{children}</p>}
    </div>
  );
}

/** Shown instead of a page the user's role does not reach (the API would refuse it anyway). */
export function AccessDenied({ children }: { children?: ReactNode }) {
  return (
    <section className="panel panel--centered" data-testid="access-denied">
      <h1>Not available</h1>
      <p className="muted">{children ?? 'Your role does not allow this page. Ask an administrator if you need access.'}</p>
    </section>
  );
}
