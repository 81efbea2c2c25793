'use client';

import { useState } from 'react';
import type { DiscoveryRpc, RpcResponse } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { checkEnrollForm, EMPTY_ENROLL_FORM, type EnrollErrors, type EnrollField, type EnrollFormValues } from './enroll-form.util';

export type MintedKey = RpcResponse<typeof DiscoveryRpc.createAuthKey>;
export type EnrollmentCheck = RpcResponse<typeof DiscoveryRpc.validateEnrollment>;

/**
 * The enrollment wizard: options → a minted key with its command (held only in this state: shown once)
 * → checking whether the device joined. `onChange` is told after each mint and check, to reload lists.
 */
export function useEnrollment(api: NexusApi, tenantId: string, onChange: () => void) {
  const [values, setValues] = useState<EnrollFormValues>(EMPTY_ENROLL_FORM);
  const [local, setLocal] = useState<EnrollErrors>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<'minting' | 'checking'>();
  const [minted, setMinted] = useState<MintedKey>();
  const [check, setCheck] = useState<EnrollmentCheck>();

  const set = <K extends keyof EnrollFormValues>(key: K, value: EnrollFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    setLocal((previous) => ({ ...previous, [key]: undefined }));
  };
  const fieldError = (field: EnrollField) => local[field] ?? error?.fieldError(field) ?? error?.fieldErrors.find((issue) => issue.path.replace(/^body\./, '').startsWith(`${field}.`))?.message;

  const run = async (kind: 'minting' | 'checking', action: () => Promise<void>) => {
    setBusy(kind);
    setError(undefined);
    try {
      await action();
      onChange();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const mint = () => {
    const checked = checkEnrollForm(values);
    if (!checked.ok) {
      setError(undefined);
      setLocal(checked.errors);
      return Promise.resolve();
    }
    setLocal({});
    return run('minting', async () => {
      setCheck(undefined);
      setMinted(await api.createAuthKey(tenantId, checked.body));
    });
  };
  const checkEnrollment = () => (minted ? run('checking', async () => setCheck(await api.validateEnrollment(tenantId, minted.enrollmentId))) : Promise.resolve());
  /** Forgets the key for good and starts again. */
  const restart = () => {
    setMinted(undefined);
    setCheck(undefined);
    setError(undefined);
    setValues(EMPTY_ENROLL_FORM);
  };

  return { values, set, fieldError, error, busy, minted, check, mint, checkEnrollment, restart };
}
