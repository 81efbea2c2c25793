'use client';

import { useState } from 'react';
import type { TailnetCredentialsView, TailnetTestResult } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { checkCredentialsForm, credentialsFormOf, type CredentialErrors, type CredentialField, type CredentialsBody, type CredentialsFormValues } from './credentials-form.util';

export type CredentialsBusy = 'testing' | 'saving' | undefined;

/**
 * The state of the credentials form: values, the problems next to each field (the browser's check
 * first, then the API's), the last test of the entered values, and Test and Save.
 */
export function useCredentialsForm(api: NexusApi, tenantId: string, stored: TailnetCredentialsView | null | undefined, onSaved: (view: TailnetCredentialsView) => void) {
  const [values, setValues] = useState<CredentialsFormValues>(() => credentialsFormOf(stored));
  const [local, setLocal] = useState<CredentialErrors>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<CredentialsBusy>();
  const [result, setResult] = useState<TailnetTestResult>();

  const set = <K extends keyof CredentialsFormValues>(key: K, value: CredentialsFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    setLocal((previous) => ({ ...previous, [key]: undefined }));
    setResult(undefined);
  };
  const fieldError = (field: CredentialField) => local[field] ?? error?.fieldError(field);

  /** Runs `action` with the checked body, or shows the problems next to their fields. */
  const withBody = async (kind: Exclude<CredentialsBusy, undefined>, action: (body: CredentialsBody) => Promise<void>) => {
    const checked = checkCredentialsForm(values);
    setError(undefined);
    setResult(undefined);
    if (!checked.ok) {
      setLocal(checked.errors);
      return;
    }
    setLocal({});
    setBusy(kind);
    try {
      await action(checked.body);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const test = () => withBody('testing', async (body) => setResult(await api.testTailnet(tenantId, body)));
  const save = () =>
    withBody('saving', async (body) => {
      const view = await api.saveTailnetCredentials(tenantId, body);
      // The secret is stored now: the form forgets it.
      setValues(credentialsFormOf(view));
      onSaved(view);
    });

  return { values, set, fieldError, error, busy, result, test, save };
}
