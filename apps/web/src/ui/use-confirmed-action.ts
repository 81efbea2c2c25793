'use client';

import { useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';

/**
 * A row action behind a confirmation (revoke, end, remove): the row asked about, the run, its error
 * shown in the dialog, and the message the action returns for the page. Spread `dialog` into a
 * ConfirmDialog.
 */
export function useConfirmedAction<T>(action: (target: T) => Promise<string>) {
  const [target, setTarget] = useState<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();

  const ask = (next: T) => {
    setError(undefined);
    setTarget(next);
  };
  const cancel = () => {
    setTarget(undefined);
    setError(undefined);
  };
  const confirm = async () => {
    if (target === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      setMessage(await action(target));
      setTarget(undefined);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return { target, ask, message, clearMessage: () => setMessage(undefined), dialog: { open: target !== undefined, busy, error, onCancel: cancel, onConfirm: () => void confirm() } };
}
