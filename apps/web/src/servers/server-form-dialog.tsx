'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionTestResult, CreateServerBody, ServerView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import type { TenantOption } from '../tenancy/permissions';
import { Alert, ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { LinkIcon } from '../ui/icons';
import { Modal } from '../ui/modal';
import { OptionCard } from '../ui/option-card';
import { ConnectionTestPanel } from './connection-test-panel';
import { comparePins, fingerprintsToAccept } from './connection-test.util';
import { FingerprintReview } from './fingerprint-review';
import {
  changedFields,
  changesConnection,
  checkServerForm,
  emptyServerForm,
  movesServer,
  SERVER_FIELDS,
  serverFormOf,
  TOKEN_PLACEHOLDER,
  type ServerBodyWithoutToken,
  type ServerField,
  type ServerFieldErrors,
  type ServerFormValues,
} from './server-form.util';

const FORM_ID = 'server-form';

type Busy = 'testing' | 'saving' | undefined;

/** After a save with pinned trust: the test's nodes, compared with the saved server's pins. */
interface SavedStep {
  server: ServerView;
  result: ConnectionTestResult;
}

export interface ServerFormDialogProps {
  api: NexusApi;
  tenant: TenantOption;
  /** The server to edit; absent to add one. */
  server?: ServerView;
  /** Values to start from instead of the server's own (e.g. its tailnet name, for "connect via Tailscale"). */
  preset?: Partial<ServerFormValues>;
  /** Whether the user may pin certificates (`server.tls.accept`). */
  canAcceptFingerprints: boolean;
  /** Every save, so that the page shows the card at once (also when the dialog stays open). */
  onSaved: (server: ServerView) => void;
  /** A test of what was saved, for the card's "last test" line. */
  onTested?: (serverId: string, result: ConnectionTestResult) => void;
  /** Closes the dialog; `message` is what to tell on the page. */
  onClose: (message?: string) => void;
}

/**
 * Add or edit a Proxmox server, as the seed's dialog: the connection fields, the TLS trust, the
 * Tailscale section, Test and Test & Save. The token is write-only: on edit an empty field keeps it.
 * After a save with trust on first use, the fingerprints the test showed are offered for acceptance.
 */
export function ServerFormDialog({ api, tenant, server, preset, canAcceptFingerprints, onSaved, onTested, onClose }: ServerFormDialogProps) {
  const editing = server !== undefined;
  const [values, setValues] = useState<ServerFormValues>(() => ({ ...(server ? serverFormOf(server) : emptyServerForm()), ...preset }));
  const [local, setLocal] = useState<ServerFieldErrors>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<Busy>();
  const [result, setResult] = useState<ConnectionTestResult>();
  /** Set when Test & Save found the server unreachable: saving is then a deliberate second click. */
  const [offerSaveAnyway, setOfferSaveAnyway] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [saved, setSaved] = useState<SavedStep>();
  const [showToken, setShowToken] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const resultBox = useRef<HTMLDivElement>(null);
  /** Bumped on every check or answer with field errors, to move the focus to the first one. */
  const [invalidAt, setInvalidAt] = useState(0);

  useEffect(() => {
    if (invalidAt === 0) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus({ preventScroll: true });
    // The whole field, so that its message under the input is in view too.
    invalid?.closest('.field')?.scrollIntoView({ block: 'nearest' });
  }, [invalidAt]);
  useEffect(() => {
    if (result) resultBox.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);

  const set = <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    setOfferSaveAnyway(false);
    setNotice(undefined);
  };
  const fieldError = (field: ServerField) => local[field] ?? error?.fieldError(field);

  /** The checked body, or undefined with the problems shown next to their fields. */
  const check = (): ServerBodyWithoutToken | undefined => {
    let checked = checkServerForm(values, !editing);
    // As the API requires: a stored token is only ever sent to the address it was entered for.
    if (checked.ok && server && !checked.body.apiToken && movesServer(changedFields(checked.body, server))) {
      checked = { ok: false, errors: { apiToken: 'Enter the API token again: a stored token only goes to the address it was entered for' } };
    }
    setLocal(checked.ok ? {} : checked.errors);
    setError(undefined);
    setNotice(undefined);
    if (!checked.ok) setInvalidAt((count) => count + 1);
    return checked.ok ? checked.body : undefined;
  };

  /**
   * Tests what the form holds: with a token, exactly these values (nothing stored); when editing with
   * the stored token, the stored server if its connection is unchanged. Undefined when neither fits.
   */
  const testBeforeSave = (body: ServerBodyWithoutToken): Promise<ConnectionTestResult> | undefined => {
    if (body.apiToken) return api.testUnsavedServer(tenant.id, body as CreateServerBody);
    if (server && !changesConnection(changedFields(body, server))) return api.testServer(tenant.id, server.id);
    return undefined;
  };

  const test = async () => {
    const body = check();
    if (!body) return;
    const pending = testBeforeSave(body);
    if (!pending) {
      setNotice('The stored API token is never shown, so changed connection settings cannot be tested with it. Enter the token again to test them first, or use Test & Save: it saves, then tests.');
      return;
    }
    setBusy('testing');
    setResult(undefined);
    try {
      setResult(withStoredPins(await pending, body));
    } catch (caught) {
      const problem = toApiError(caught);
      setError(problem);
      if (problem.fieldErrors.length > 0) setInvalidAt((count) => count + 1);
    } finally {
      setBusy(undefined);
    }
  };

  /** A test of unsaved values knows no pins: show the nodes as the stored server will see them. */
  const withStoredPins = (tested: ConnectionTestResult, body: ServerBodyWithoutToken): ConnectionTestResult => {
    if (!tested.ok || !server || !body.apiToken) return tested;
    return { ...tested, nodes: comparePins(tested.nodes, movesServer(changedFields(body, server)) ? [] : server.pins, body.tlsTrust) };
  };

  const save = async (body: ServerBodyWithoutToken): Promise<ServerView> => {
    if (!server) return (await api.createServer(tenant.id, body as CreateServerBody)).server;
    const changes = changedFields(body, server);
    if (Object.keys(changes).length === 0) return server;
    return (await api.updateServer(tenant.id, server.id, changes)).server;
  };

  const testAndSave = async (event?: FormEvent<HTMLFormElement>, force = false) => {
    event?.preventDefault();
    const body = check();
    if (!body) return;
    setOfferSaveAnyway(false);
    try {
      let tested: ConnectionTestResult | undefined;
      if (!force) {
        const pending = testBeforeSave(body);
        if (pending) {
          setBusy('testing');
          setResult(undefined);
          tested = withStoredPins(await pending, body);
          setResult(tested);
          if (!tested.ok) {
            setOfferSaveAnyway(true);
            return;
          }
        }
      }
      setBusy('saving');
      const stored = await save(body);
      onSaved(stored);
      // Nothing could be tested before saving (changed connection settings, stored token): test what was saved.
      if (!tested && !force) {
        setBusy('testing');
        tested = await api.testServer(tenant.id, stored.id);
        setResult(tested);
      }
      if (tested) onTested?.(stored.id, tested);
      const verb = editing ? 'Saved' : 'Added';
      if (tested?.ok && stored.tlsTrust === 'pinned' && canAcceptFingerprints) {
        const nodes = comparePins(tested.nodes, stored.pins, 'pinned');
        if (fingerprintsToAccept(nodes).length > 0) {
          setSaved({ server: stored, result: { ...tested, nodes } });
          return;
        }
      }
      if (tested && !tested.ok) {
        setSaved({ server: stored, result: tested });
        return;
      }
      onClose(`${verb} ${stored.name}.`);
    } catch (caught) {
      const problem = toApiError(caught);
      setError(problem);
      if (problem.fieldErrors.length > 0) setInvalidAt((count) => count + 1);
    } finally {
      setBusy(undefined);
    }
  };

  if (saved) {
    const nodes = saved.result.ok ? saved.result.nodes : [];
    const verb = editing ? 'Saved' : 'Added';
    const pending = fingerprintsToAccept(nodes);
    return (
      <Modal title={`${verb} ${saved.server.name}`} size="wide" onClose={() => onClose(`${verb} ${saved.server.name}.`)} testId="server-form-dialog">
        <Alert tone="success" testId="server-saved">
          {verb} <strong>{saved.server.name}</strong>.
          {pending.length > 0 && ' Its certificates are not trusted yet: PVE Nexus will refuse to connect until you accept them.'}
        </Alert>
        <ConnectionTestPanel result={saved.result} />
        {pending.length > 0 && (
          <FingerprintReview
            offer={{ kind: 'nodes', nodes }}
            skipLabel="Not now"
            onSkip={() => onClose(`${verb} ${saved.server.name}. Its certificate fingerprints are not accepted yet: use Test on its card to accept them.`)}
            onAccept={async (fingerprints) => {
              const { server: pinned } = await api.acceptFingerprints(tenant.id, saved.server.id, { fingerprints });
              onSaved(pinned);
              onClose(`${verb} ${pinned.name} and accepted ${fingerprints.length === 1 ? 'the fingerprint of 1 node' : `the fingerprints of ${fingerprints.length} nodes`}.`);
            }}
          />
        )}
        {pending.length === 0 && (
          <div className="review__actions">
            <button type="button" className="btn btn--primary" onClick={() => onClose(`${verb} ${saved.server.name}.`)}>
              Done
            </button>
          </div>
        )}
      </Modal>
    );
  }

  const tokenHint = editing ? (
    <>Write-only: the stored token is never shown. Leave empty to keep it, or enter a new one to replace it; changing the host, port or Tailscale settings needs it entered again.</>
  ) : (
    <>
      Format: <code>USER@REALM!TOKENID=SECRET</code>. Create it under Datacenter → Permissions → API Tokens.
    </>
  );
  const primaryLabel = busy === 'testing' ? 'Testing…' : busy === 'saving' ? 'Saving…' : 'Test & Save';

  return (
    <Modal
      title={editing ? `Edit ${server.name}` : 'Add Proxmox server'}
      description={editing ? 'Changing the address or the Tailscale settings drops the accepted certificate fingerprints.' : `A Proxmox VE cluster (or single node) that ${tenant.name} manages.`}
      size="wide"
      busy={busy !== undefined}
      onClose={() => onClose()}
      testId="server-form-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose()} disabled={busy !== undefined}>
            Cancel
          </button>
          <span className="modal__footer-spacer" />
          {offerSaveAnyway && (
            <button type="button" className="btn btn--danger-ghost" onClick={() => void testAndSave(undefined, true)} disabled={busy !== undefined} data-testid="save-anyway">
              Save anyway
            </button>
          )}
          <button type="button" className="btn" onClick={test} disabled={busy !== undefined}>
            {busy === 'testing' && !offerSaveAnyway ? 'Testing…' : 'Test'}
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy !== undefined}>
            {primaryLabel}
          </button>
        </>
      }
    >
      <form ref={form} id={FORM_ID} onSubmit={(event) => void testAndSave(event)} noValidate aria-label={editing ? `Edit ${server.name}` : 'Add Proxmox server'}>
        <ErrorAlert error={error} shownFields={SERVER_FIELDS} />
        <Field label="Server name" error={fieldError('name')}>
          <input className="input" name="name" autoComplete="off" placeholder="Production Cluster" value={values.name} onChange={(event) => set('name', event.target.value)} autoFocus />
        </Field>
        <div className="form-row">
          <Field label="Host/IP address" className="form-row__grow" error={fieldError('host')} hint="Any node of the cluster.">
            <input className="input" name="host" autoComplete="off" spellCheck={false} placeholder="pve1.company.com" value={values.host} onChange={(event) => set('host', event.target.value)} />
          </Field>
          <Field label="Port" className="form-row__port" error={fieldError('port')}>
            <input className="input" name="port" inputMode="numeric" value={values.port} onChange={(event) => set('port', event.target.value)} />
          </Field>
        </div>
        <Field
          label={editing ? 'API token (leave empty to keep the current one)' : 'API token'}
          hint={tokenHint}
          error={fieldError('apiToken')}
          addon={
            <button type="button" className="btn btn--sm field__addon-button" onClick={() => setShowToken((shown) => !shown)} aria-pressed={showToken}>
              {showToken ? 'Hide' : 'Show'}
            </button>
          }
        >
          <input
            className="input input--mono"
            name="apiToken"
            type={showToken ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            placeholder={editing ? '•••••••• (unchanged)' : TOKEN_PLACEHOLDER}
            value={values.apiToken}
            onChange={(event) => set('apiToken', event.target.value)}
          />
        </Field>

        <fieldset className="choice">
          <legend className="field__label">Verify SSL certificate</legend>
          <OptionCard
            name="tlsTrust"
            value="pinned"
            current={values.tlsTrust}
            onChange={(value) => set('tlsTrust', value)}
            title="Trust on first use (pinned fingerprints)"
            text="For the self-signed certificates Proxmox installs: you accept each node's fingerprint once; any other certificate is refused."
          />
          <OptionCard
            name="tlsTrust"
            value="ca"
            current={values.tlsTrust}
            onChange={(value) => set('tlsTrust', value)}
            title="Verify against trusted certificate authorities"
            text="For certificates from a public or company CA (ACME, Let's Encrypt) that name this host."
          />
        </fieldset>
        <Field label="Connect timeout" className="field--narrow" error={fieldError('connectTimeoutMs')} addon={<span className="field__unit">seconds</span>}>
          <input className="input" name="connectTimeoutSeconds" inputMode="decimal" value={values.connectTimeoutSeconds} onChange={(event) => set('connectTimeoutSeconds', event.target.value)} />
        </Field>

        <div className="form-section" role="group" aria-labelledby="tailscale-title">
          <h3 className="form-section__title" id="tailscale-title">
            <LinkIcon /> Tailscale <span className="muted">(optional)</span>
          </h3>
          <label className="check">
            <input type="checkbox" name="useTailscale" checked={values.useTailscale} onChange={(event) => set('useTailscale', event.target.checked)} />
            <span>
              <span className="check__label">Connect via Tailscale</span>
              <span className="check__hint">Reach the API through your tailnet instead of the public address: for servers behind NAT or a firewall.</span>
            </span>
          </label>
          {values.useTailscale && (
            <div className="form-row" data-testid="tailscale-fields">
              <Field label="Tailscale hostname/IP" className="form-row__grow" error={fieldError('tailscaleHostname')} hint="MagicDNS name or Tailscale IP (100.x.y.z).">
                <input
                  className="input"
                  name="tailscaleHostname"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="pve.tailnet-name.ts.net"
                  value={values.tailscaleHostname}
                  onChange={(event) => set('tailscaleHostname', event.target.value)}
                />
              </Field>
              <Field label="Tailscale port" className="form-row__port" error={fieldError('tailscalePort')}>
                <input className="input" name="tailscalePort" inputMode="numeric" value={values.tailscalePort} onChange={(event) => set('tailscalePort', event.target.value)} />
              </Field>
            </div>
          )}
        </div>
        {/* Enter submits the form even though its buttons are in the dialog's footer. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>

      {notice && (
        <Alert tone="info" testId="form-notice">
          {notice}
        </Alert>
      )}
      {busy === 'testing' && (
        <div className="test-pending" role="status" data-testid="test-pending">
          <span className="spinner" aria-hidden="true" />
          Connecting to {values.useTailscale ? values.tailscaleHostname : values.host}…
        </div>
      )}
      <div ref={resultBox}>{result && busy !== 'testing' && <ConnectionTestPanel result={result} />}</div>
      {offerSaveAnyway && (
        <p className="muted small" data-testid="save-anyway-hint">
          The test failed. Fix the settings and test again, or save anyway if the server is not reachable yet.
        </p>
      )}
    </Modal>
  );
}
