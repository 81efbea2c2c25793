'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { NewPassword } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSession, useSessionManager } from '../session/session-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { safeNextPath, withNext } from './next-path.util';

type Fields = 'currentPassword' | 'newPassword' | 'confirmPassword';
const FIELDS: readonly Fields[] = ['currentPassword', 'newPassword', 'confirmPassword'];

/**
 * Replaces the password: forced while the account is on a one-time password (nothing else works
 * until then), or by choice from the user menu. Other sessions of the user end; this one stays.
 */
export function ChangePasswordForm() {
  const session = useSession();
  const manager = useSessionManager();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const [values, setValues] = useState<Record<Fields, string>>({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const [local, setLocal] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.status === 'signed-out') router.replace(withNext('/login', next));
  }, [session.status, next, router]);

  if (session.status !== 'signed-in') {
    return (
      <div className="card auth__card" aria-busy="true">
        <div className="loading">
          <span className="spinner" aria-hidden="true" />
          <span>Checking your session…</span>
        </div>
      </div>
    );
  }
  const forced = session.user.mustChangePassword;

  const set = (field: Fields) => (event: ChangeEvent<HTMLInputElement>) => setValues((previous) => ({ ...previous, [field]: event.target.value }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The same rule as the API (libs/contracts), checked here first to answer without a round trip.
    const problems: Partial<Record<Fields, string>> = {};
    if (!values.currentPassword) problems.currentPassword = forced ? 'Enter the one-time password you signed in with' : 'Enter your current password';
    const strength = NewPassword.safeParse(values.newPassword);
    if (!strength.success) problems.newPassword = strength.error.issues[0]?.message ?? 'Choose a longer password';
    else if (values.newPassword === values.currentPassword) problems.newPassword = 'Must differ from the current password';
    if (values.confirmPassword !== values.newPassword) problems.confirmPassword = 'The two passwords differ';
    setLocal(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;

    setBusy(true);
    try {
      await manager.api.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      await manager.reloadUser();
      router.replace(next);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const fieldError = (field: Fields) => local[field] ?? error?.fieldError(field);
  return (
    <form className="card auth__card" onSubmit={submit} noValidate aria-labelledby="password-title">
      <h1 id="password-title" className="auth__title">
        {forced ? 'Choose your password' : 'Change password'}
      </h1>
      {forced ? (
        <Alert tone="info" testId="password-change-required">
          You signed in with a one-time password. Replace it with a password of your own to continue.
        </Alert>
      ) : (
        <p className="auth__lead">Your other sessions will be signed out; this one stays signed in.</p>
      )}
      <ErrorAlert error={error} shownFields={FIELDS} />

      <input type="email" name="username" autoComplete="username" value={session.user.email} readOnly hidden />
      <Field label={forced ? 'One-time password' : 'Current password'} error={fieldError('currentPassword')}>
        <input className="input" type="password" name="currentPassword" autoComplete="current-password" value={values.currentPassword} onChange={set('currentPassword')} autoFocus />
      </Field>
      <Field label="New password" hint="At least 12 characters. A few unrelated words make a strong, memorable password." error={fieldError('newPassword')}>
        <input className="input" type="password" name="newPassword" autoComplete="new-password" value={values.newPassword} onChange={set('newPassword')} />
      </Field>
      <Field label="Repeat the new password" error={fieldError('confirmPassword')}>
        <input className="input" type="password" name="confirmPassword" autoComplete="new-password" value={values.confirmPassword} onChange={set('confirmPassword')} />
      </Field>

      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? 'Saving…' : forced ? 'Set password and continue' : 'Change password'}
      </button>
      <div className="auth__secondary">
        {forced ? (
          <button type="button" className="btn btn--link" onClick={() => manager.signOut()}>
            Sign out instead
          </button>
        ) : (
          <Link href={next} className="btn btn--link">
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
