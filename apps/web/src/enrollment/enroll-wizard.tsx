'use client';

import type { ReactNode } from 'react';
import type { NexusApi } from '../api/nexus-api';
import { Alert, ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { SecretReveal } from '../ui/secret-reveal';
import { Timestamp } from '../ui/timestamp';
import { ENROLL_FIELDS, EXPIRY_OPTIONS } from './enroll-form.util';
import { useEnrollment, type EnrollmentCheck } from './use-enrollment';

/**
 * Seed 003's enrollment: choose the key's options, get the key and the `tailscale up …` command once,
 * run it on the device, then check that the device joined.
 */
export function EnrollWizard({ api, tenantId, onChange }: { api: NexusApi; tenantId: string; onChange: () => void }) {
  const wizard = useEnrollment(api, tenantId, onChange);
  const { values, set, fieldError, busy, minted } = wizard;

  if (minted) {
    const host = minted.command.match(/--hostname=(\S+)/)?.[1];
    return (
      <section className="card" aria-labelledby="enroll-title" data-testid="enroll-wizard" data-step="minted">
        <h2 className="card__title" id="enroll-title">
          2. Run the command on the device
        </h2>
        <SecretReveal title="Command to join the tailnet" secret={minted.command} testId="enroll-command" dismissLabel="Enroll another device" onDismiss={wizard.restart}>
          It holds the auth key; PVE Nexus keeps only the key’s id ({minted.id}). Run it on the device as root.
        </SecretReveal>
        <h2 className="card__title">3. Check the enrollment</h2>
        <p className="muted">{host ? `Once ${host} has run the command, check that it joined the tailnet.` : 'Once the device has run the command, check that it joined the tailnet.'}</p>
        <ErrorAlert error={wizard.error} testId="enroll-error" />
        {wizard.check && <CheckResult check={wizard.check} />}
        <div className="form-actions">
          <button type="button" className="btn btn--primary" onClick={() => void wizard.checkEnrollment()} disabled={busy !== undefined} data-testid="check-enrollment">
            {busy === 'checking' ? 'Checking…' : 'Check enrollment'}
          </button>
        </div>
      </section>
    );
  }

  const check = (field: 'reusable' | 'ephemeral' | 'preauthorized', label: string, hint: ReactNode) => (
    <label className="check">
      <input type="checkbox" name={field} checked={values[field]} onChange={(event) => set(field, event.target.checked)} />
      <span>
        <span className="check__label">{label}</span>
        <span className="check__hint">{hint}</span>
      </span>
    </label>
  );
  return (
    <form
      className="card form-card"
      aria-labelledby="enroll-title"
      noValidate
      data-testid="enroll-wizard"
      data-step="options"
      onSubmit={(event) => {
        event.preventDefault();
        void wizard.mint();
      }}
    >
      <h2 className="card__title" id="enroll-title">
        1. Choose the auth key’s options
      </h2>
      <ErrorAlert error={wizard.error} shownFields={ENROLL_FIELDS} testId="enroll-error" />
      {check('reusable', 'Reusable', 'Enrolls any number of devices until it expires; otherwise one device.')}
      {check('ephemeral', 'Ephemeral', 'Devices that join with it leave the tailnet once they go offline.')}
      {check('preauthorized', 'Pre-authorized', 'Devices need no approval in the admin console.')}
      <div className="form-grid">
        <Field label="Tags" hint="Separated by commas; the tailnet policy must define them." error={fieldError('tags')}>
          <input className="input input--mono" name="tags" autoComplete="off" spellCheck={false} placeholder="tag:server" value={values.tags} onChange={(event) => set('tags', event.target.value)} />
        </Field>
        <Field label="Expires after" error={fieldError('expirySeconds')}>
          <select className="input" name="expirySeconds" value={values.expirySeconds} onChange={(event) => set('expirySeconds', event.target.value)}>
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Expected host name" hint="Optional: the device’s name, to recognise it when it joins." error={fieldError('expectedHostname')}>
          <input className="input" name="expectedHostname" autoComplete="off" spellCheck={false} placeholder="pve-03" value={values.expectedHostname} onChange={(event) => set('expectedHostname', event.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={busy !== undefined} data-testid="mint-key">
          {busy === 'minting' ? 'Creating the key…' : 'Create auth key'}
        </button>
      </div>
    </form>
  );
}

function CheckResult({ check }: { check: EnrollmentCheck }) {
  const joined = check.enrollment.enrolled;
  if (check.enrolled && joined) {
    return (
      <Alert tone="success" title="Enrolled" testId="enrollment-result">
        <span data-state="enrolled">
          <code>{joined.name}</code> joined the tailnet <Timestamp iso={joined.at} relative />.
        </span>
      </Alert>
    );
  }
  return (
    <Alert tone="info" title="Still waiting" testId="enrollment-result">
      <span data-state="waiting">
        {check.enrollment.expectedHostname ? `No device named ${check.enrollment.expectedHostname} has joined yet.` : 'No new device has joined with this key yet.'} Run the command on the device, then check again.
      </span>
    </Alert>
  );
}
