'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalProps {
  title: ReactNode;
  /** One line under the title. */
  description?: ReactNode;
  children: ReactNode;
  /** The buttons at the bottom, kept in view while the body scrolls. */
  footer?: ReactNode;
  /** Escape and the close button call this; ignored while `busy`. */
  onClose: () => void;
  busy?: boolean;
  /** `wide` for forms with tables (640 px → 760 px); default `normal`. */
  size?: 'normal' | 'wide';
  testId?: string;
}

/**
 * A modal on the native `<dialog>`, open while mounted: the browser traps and restores the focus and
 * makes the page behind it inert. Mount it to open it, unmount it to close it.
 */
export function Modal({ title, description, children, footer, onClose, busy = false, size = 'normal', testId }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`dialog modal modal--${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="modal__header">
        <div>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {description && <p className="modal__description">{description}</p>}
        </div>
        <button type="button" className="modal__close" aria-label="Close" onClick={onClose} disabled={busy}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      <div className="modal__body">{children}</div>
      {footer && <footer className="modal__footer">{footer}</footer>}
    </dialog>
  );
}
