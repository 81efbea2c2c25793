'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from '../api/api-error';
import { ErrorAlert } from './alert';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** `danger` for what cannot be undone; default danger. */
  tone?: 'danger' | 'primary';
  busy?: boolean;
  error?: ApiError;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native `<dialog>`: focus is trapped and restored by the browser, Escape
 * cancels. The safe choice (Cancel) has the focus first.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = 'danger', busy = false, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="confirm-title" className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        <ErrorAlert error={error} testId="dialog-error" />
        <div className="dialog__actions">
          <button type="button" className="btn" ref={cancel} onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`btn btn--${tone}`} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
