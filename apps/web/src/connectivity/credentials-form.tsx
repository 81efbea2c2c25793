'use client';

import type { FormEvent } from 'react';
import type { TailnetCredentialsView } from '@pve-nexus/contracts';
import type { NexusApi } from '../api/nexus-api';
import { ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { OptionCard } from '../ui/option-card';
import { CREDENTIAL_FIELDS, type CredentialField } from './credentials-form.util';
import { TailnetTestPanel } from './tailnet-test-panel';
import { useCredentialsForm } from './use-credentials-form';

export interface CredentialsFormProps {
  api: NexusApi;
  tenantId: string;
  stored: TailnetCredentialsView | null;
  onSaved: (view: TailnetCredentialsView) => void;
}

/**
 * Tailscale (API access token or OAuth client) or headscale (URL, API key, MagicDNS suffix, user):
 * Test tries the entered values without saving them; Save replaces the stored credentials.
 */
export function CredentialsForm({ api, tenantId, stored, onSaved }: CredentialsFormProps) {
  const form = useCredentialsForm(api, tenantId, stored, onSaved);
  const { values, set, fieldError, busy } = form;
  const input = (field: Exclude<CredentialField, 'control' | 'method'>, extra: { placeholder?: string; secret?: boolean; mono?: boolean } = {}) => (
    <input
      className={`input${extra.mono || extra.secret ? ' input--mono' : ''}`}
      name={field}
      type={extra.secret ? 'password' : 'text'}
      autoComplete="off"
      spellCheck={false}
      placeholder={extra.placeholder}
      value={values[field]}
      onChange={(event) => set(field, event.target.value)}
    />
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.save();
  };
  const secretHint = stored ? 'The stored secret is never shown: enter it again to save a change.' : undefined;

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-label="Tailnet credentials" data-testid="credentials-form">
      <h2 className="card__title">{stored ? 'Replace the credentials' : 'Connect a tailnet'}</h2>
      <ErrorAlert error={form.error} shownFields={CREDENTIAL_FIELDS} />
      <fieldset className="choice">
        <legend className="field__label">Control server</legend>
        <OptionCard name="control" value="tailscale" current={values.control} onChange={(value) => set('control', value)} title="Tailscale" text="The hosted control plane at tailscale.com." />
        <OptionCard name="control" value="headscale" current={values.control} onChange={(value) => set('control', value)} title="headscale" text="A self-hosted control server, reached at its own URL." />
      </fieldset>

      {values.control === 'tailscale' ? (
        <>
          <fieldset className="choice">
            <legend className="field__label">Sign in with</legend>
            <OptionCard name="method" value="api_token" current={values.method} onChange={(value) => set('method', value)} title="Access token (tskey-api-…)" text="Expires after at most 90 days; acts as the user who created it." />
            <OptionCard name="method" value="oauth" current={values.method} onChange={(value) => set('method', value)} title="OAuth client (tskey-client-…)" text="Does not expire; scopes devices:core and auth_keys, and owns the tags of the keys it mints." />
          </fieldset>
          <Field label="Tailnet" className="field--narrow" hint="- is the tailnet of the token or client." error={fieldError('tailnet')}>
            {input('tailnet', { placeholder: '-' })}
          </Field>
          {values.method === 'api_token' ? (
            <Field label="API access token" hint={secretHint} error={fieldError('apiToken')}>
              {input('apiToken', { secret: true, placeholder: 'tskey-api-…' })}
            </Field>
          ) : (
            <div className="form-grid">
              <Field label="Client id" error={fieldError('clientId')}>
                {input('clientId', { mono: true })}
              </Field>
              <Field label="Client secret" hint={secretHint} error={fieldError('clientSecret')}>
                {input('clientSecret', { secret: true, placeholder: 'tskey-client-…' })}
              </Field>
            </div>
          )}
        </>
      ) : (
        <div className="form-grid">
          <Field label="Server URL" error={fieldError('url')}>
            {input('url', { placeholder: 'https://headscale.example.com' })}
          </Field>
          <Field label="API key" hint={secretHint} error={fieldError('apiToken')}>
            {input('apiToken', { secret: true, placeholder: 'hskey-api-…' })}
          </Field>
          <Field label="MagicDNS suffix" hint="headscale’s dns.base_domain: device names end with it." error={fieldError('magicDnsSuffix')}>
            {input('magicDnsSuffix', { placeholder: 'tailnet.example.com' })}
          </Field>
          <Field label="User" hint="The headscale user that owns the auth keys PVE Nexus mints." error={fieldError('user')}>
            {input('user', { placeholder: 'nexus' })}
          </Field>
        </div>
      )}

      {busy === 'testing' && (
        <div className="test-pending" role="status">
          <span className="spinner" aria-hidden="true" />
          Asking the control server…
        </div>
      )}
      {form.result && <TailnetTestPanel result={form.result} />}
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void form.test()} disabled={busy !== undefined}>
          {busy === 'testing' ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy !== undefined}>
          {busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
