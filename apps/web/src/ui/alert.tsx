import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-error';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

/** A message box; errors and warnings are announced at once (role=alert), the others politely. */
export function Alert({ tone, title, children, testId }: { tone: AlertTone; title?: ReactNode; children?: ReactNode; testId?: string }) {
  const urgent = tone === 'error' || tone === 'warning';
  return (
    <div className={`notice notice--${tone}`} role={urgent ? 'alert' : 'status'} data-testid={testId}>
      {title && <strong className="notice__title">{title}</strong>}
      {children && <div className="notice__body">{children}</div>}
    </div>
  );
}

/**
 * A failed call: its `detail`, the field problems that no field of the form shows (so none is lost),
 * and the request id to quote to an operator.
 */
export function ErrorAlert({ error, shownFields = [], testId = 'form-error' }: { error: ApiError | undefined; shownFields?: readonly string[]; testId?: string }) {
  if (!error) return null;
  const others = error.otherFieldErrors(shownFields);
  return (
    <Alert tone="error" testId={testId}>
      <p className="notice__text">{error.detail}</p>
      {others.length > 0 && (
        <ul className="notice__list">
          {others.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {error.requestId && error.status >= 500 && <p className="notice__meta">Request id: {error.requestId}</p>}
    </Alert>
  );
}
