'use client';

import { useState, type FormEvent } from 'react';
import type { GlobalRole, RpcResponse, IdentityRpc } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';

export type CreatedUser = RpcResponse<typeof IdentityRpc.createUser>;
const FIELDS = ['email', 'displayName', 'globalRole', 'password'] as const;

/** A new account; without a password the server generates a one-time password, shown once. */
export function CreateUserForm({ api, onCreated, onCancel }: { api: NexusApi; onCreated: (created: CreatedUser) => void; onCancel: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [globalRole, setGlobalRole] = useState<GlobalRole>('user');
  const [setOwnPassword, setSetOwnPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await api.createUser({ email: email.trim(), displayName: displayName.trim(), globalRole, ...(setOwnPassword ? { password } : {}) }));
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="create-user-title" data-testid="create-user-form">
      <h2 id="create-user-title" className="card__title">
        New user
      </h2>
      <ErrorAlert error={error} shownFields={FIELDS} />
      <div className="form-grid">
        <Field label="E-mail" error={error?.fieldError('email')}>
          <input className="input" type="email" name="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        </Field>
        <Field label="Display name" error={error?.fieldError('displayName')}>
          <input className="input" name="displayName" autoComplete="off" value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
        </Field>
        <Field label="Global role" hint="Administrators manage every tenant and user." error={error?.fieldError('globalRole')}>
          <select className="input" name="globalRole" value={globalRole} onChange={(event) => setGlobalRole(event.target.value as GlobalRole)}>
            <option value="user">User: access through tenant memberships</option>
            <option value="admin">Global administrator</option>
          </select>
        </Field>
      </div>
      <fieldset className="choice">
        <legend className="field__label">Password</legend>
        <label className="choice__option">
          <input type="radio" name="passwordMode" checked={!setOwnPassword} onChange={() => setSetOwnPassword(false)} />
          <span>
            Generate a one-time password <span className="muted">(recommended: the user must replace it at first sign-in)</span>
          </span>
        </label>
        <label className="choice__option">
          <input type="radio" name="passwordMode" checked={setOwnPassword} onChange={() => setSetOwnPassword(true)} />
          <span>Set a password now</span>
        </label>
        {setOwnPassword && (
          <Field label="Password" hint="At least 12 characters." error={error?.fieldError('password')}>
            <input className="input" type="password" name="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
          </Field>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
