'use client';

import { useState } from 'react';
import type { MachineView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { Alert, ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { Modal } from '../ui/modal';
import { checkImport, importRowsOf, rowErrorsOf, shownPaths, type ImportRow, type RowErrors } from './import-form.util';

const FORM_ID = 'import-form';
const CATEGORIES = ['hypervisor', 'storage', 'network', 'desktop', 'laptop', 'build'];

export interface ImportDialogProps {
  api: NexusApi;
  tenantId: string;
  devices: readonly ImportRow['device'][];
  onImported: (machines: MachineView[]) => void;
  onClose: () => void;
}

/**
 * Import the selected devices as machines, as the seed's modal: the MagicDNS name locked, a display
 * name (required), server or workstation, TDP and category. All or none: a device imported before is
 * named with the machine it became, and can be left out.
 */
export function ImportDialog({ api, tenantId, devices, onImported, onClose }: ImportDialogProps) {
  const [rows, setRows] = useState(() => importRowsOf(devices));
  const [errors, setErrors] = useState<RowErrors[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<MachineView[]>();

  const update = (index: number, changes: Partial<ImportRow>) => {
    setRows((previous) => previous.map((row, at) => (at === index ? { ...row, ...changes } : row)));
    setErrors((previous) => previous.map((rowErrors, at) => (at === index ? {} : rowErrors)));
  };
  const duplicates = errors.some((rowErrors) => rowErrors.deviceId);
  const leaveOutFailed = () => {
    setRows((previous) => previous.filter((_, index) => !errors[index]?.deviceId));
    setErrors([]);
    setError(undefined);
  };

  const submit = async () => {
    const checked = checkImport(rows);
    setError(undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const { machines } = await api.importDevices(tenantId, checked.body);
      setImported(machines);
      onImported(machines);
    } catch (caught) {
      const failure = toApiError(caught);
      setError(failure);
      setErrors(rowErrorsOf(failure, rows));
    } finally {
      setBusy(false);
    }
  };

  const done = imported !== undefined;
  const title = rows.length === 1 ? 'Import Tailscale device' : `Import ${rows.length} Tailscale devices`;
  return (
    <Modal
      title={title}
      description="Each device becomes a machine, reached by its MagicDNS name."
      size="wide"
      busy={busy}
      onClose={onClose}
      testId="import-dialog"
      footer={
        done ? (
          <button type="button" className="btn btn--primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <span className="modal__footer-spacer" />
            {duplicates && (
              <button type="button" className="btn" onClick={leaveOutFailed} disabled={busy} data-testid="leave-out-duplicates">
                Leave out the devices already imported
              </button>
            )}
            <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy || rows.length === 0}>
              {busy ? 'Importing…' : rows.length === 1 ? 'Import machine' : `Import ${rows.length} machines`}
            </button>
          </>
        )
      }
    >
      {done && (
        <Alert tone="success" testId="import-done">
          Imported {imported.length} {imported.length === 1 ? 'machine' : 'machines'}.
        </Alert>
      )}
      <ErrorAlert error={error} shownFields={shownPaths(rows)} testId="import-error" />
      <form
        id={FORM_ID}
        noValidate
        aria-label={title}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {rows.map((row, index) => (
          <ImportRowFields
            key={row.device.id}
            row={row}
            errors={errors[index] ?? {}}
            machine={imported?.find((machine) => machine.tailscaleDeviceId === row.device.id)}
            failed={error !== undefined}
            disabled={busy || done}
            onChange={(changes) => update(index, changes)}
          />
        ))}
        <datalist id="machine-categories">
          {CATEGORIES.map((category) => (
            <option key={category} value={category} />
          ))}
        </datalist>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Modal>
  );
}

function ImportRowFields({ row, errors, machine, failed, disabled, onChange }: {
  row: ImportRow;
  errors: RowErrors;
  machine: MachineView | undefined;
  failed: boolean;
  disabled: boolean;
  onChange: (changes: Partial<ImportRow>) => void;
}) {
  const { device } = row;
  const state = machine ? 'imported' : errors.deviceId ? 'refused' : failed ? 'not-imported' : 'pending';
  return (
    <fieldset className="form-section import-row" data-testid="import-row" data-hostname={device.hostname} data-state={state}>
      <legend className="form-section__title">
        <code>{device.name}</code> <span className="muted">(locked)</span>
      </legend>
      <p className="muted small import-row__facts">
        {[device.addresses.v4, device.os].filter(Boolean).join(' · ')}
      </p>
      {machine && (
        <Alert tone="success" testId="import-row-result">
          Imported as “{machine.displayName}”.
        </Alert>
      )}
      {errors.deviceId && (
        <Alert tone="error" testId="import-row-result">
          Not imported: {errors.deviceId}.
        </Alert>
      )}
      {state === 'not-imported' && (
        <p className="muted small" data-testid="import-row-result">
          Not imported: an import is all or nothing.
        </p>
      )}
      <div className="form-grid">
        <Field label="Display name *" error={errors.displayName}>
          <input className="input" name="displayName" autoComplete="off" value={row.displayName} disabled={disabled} onChange={(event) => onChange({ displayName: event.target.value })} />
        </Field>
        <fieldset className="choice import-row__type">
          <legend className="field__label">Machine type *</legend>
          {(['server', 'workstation'] as const).map((type) => (
            <label key={type} className="choice__option">
              <input type="radio" name={`machineType-${device.id}`} value={type} checked={row.machineType === type} disabled={disabled} onChange={() => onChange({ machineType: type })} />
              {type === 'server' ? 'Server' : 'Workstation'}
            </label>
          ))}
        </fieldset>
        <Field label="TDP (watts)" error={errors.tdpWatts}>
          <input className="input" name="tdpWatts" inputMode="numeric" placeholder="50" value={row.tdpWatts} disabled={disabled} onChange={(event) => onChange({ tdpWatts: event.target.value })} />
        </Field>
        <Field label="Category" error={errors.category}>
          <input className="input" name="category" list="machine-categories" autoComplete="off" placeholder="hypervisor" value={row.category} disabled={disabled} onChange={(event) => onChange({ category: event.target.value })} />
        </Field>
      </div>
    </fieldset>
  );
}
