'use client';

import { useRef, useState, type ReactNode } from 'react';

/**
 * A secret shown once (a one-time password, an API key token): read-only, selectable, with a copy
 * button, a warning that it will not be shown again, and a button to dismiss it for good.
 */
export function SecretReveal({ title, secret, children, dismissLabel = 'Done', onDismiss, testId }: {
  title: string;
  secret: string;
  /** What the secret is for and what to do with it. */
  children: ReactNode;
  dismissLabel?: string;
  onDismiss: () => void;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure context): select it so that Ctrl+C works.
      input.current?.select();
      setCopied('failed');
    }
  };

  return (
    <section className="secret" aria-labelledby={`${testId ?? 'secret'}-title`} data-testid={testId}>
      <h2 className="secret__title" id={`${testId ?? 'secret'}-title`}>
        {title}
      </h2>
      <div className="secret__warning" role="alert">
        <strong>Copy it now: it will not be shown again.</strong> {children}
      </div>
      <div className="secret__row">
        <input
          ref={input}
          className="input input--mono secret__value"
          readOnly
          value={secret}
          aria-label={title}
          data-testid="secret-value"
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="btn btn--primary" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="secret__status" aria-live="polite">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Copying is not allowed here: the value is selected, press Ctrl+C (⌘C).'}
      </p>
      <div className="secret__actions">
        <button type="button" className="btn" onClick={onDismiss}>
          {dismissLabel}
        </button>
      </div>
    </section>
  );
}
