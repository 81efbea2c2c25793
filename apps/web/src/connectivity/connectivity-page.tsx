'use client';

import { useState } from 'react';
import type { TailnetTestResult } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { useTenants } from '../tenancy/tenant-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { PageHeader } from '../ui/page-header';
import { useResource } from '../ui/use-resource';
import { ModeCard, StoredCredentials } from './connectivity-cards';
import { CredentialsForm } from './credentials-form';
import { TailnetTestPanel } from './tailnet-test-panel';

export function ConnectivityPage() {
  return <TenantPage action="settings.read">{(tenant) => <Connectivity tenant={tenant} />}</TenantPage>;
}

/** Settings › Connectivity: the tenant's mode and tailnet credentials; tenant admins set, test and remove them. */
function Connectivity({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canWrite = can('settings.write');
  const credentials = useResource(`tailnet-credentials:${tenant.id}`, (signal) => api.tailnetCredentials(tenant.id, signal));
  const status = useResource(`tailnet-status:${tenant.id}`, (signal) => api.tailnetStatus(tenant.id, signal));
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState<'testing' | 'removing'>();
  const [storedTest, setStoredTest] = useState<TailnetTestResult>();
  const [error, setError] = useState<ApiError>();
  const [confirming, setConfirming] = useState(false);
  const stored = credentials.data?.credentials;

  const run = async (kind: 'testing' | 'removing', action: () => Promise<void>) => {
    setBusy(kind);
    setError(undefined);
    setMessage(undefined);
    try {
      await action();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };
  const testStored = () => run('testing', async () => setStoredTest(await api.testTailnet(tenant.id)));
  const remove = () =>
    run('removing', async () => {
      await api.removeTailnetCredentials(tenant.id);
      setConfirming(false);
      setStoredTest(undefined);
      credentials.setData(() => ({ credentials: null }));
      status.reload();
      setMessage('Removed the tailnet credentials. The tenant is in direct SSH mode; imported machines stay.');
    });

  return (
    <section aria-labelledby="connectivity-title">
      <PageHeader
        id="connectivity-title"
        title="Settings › Connectivity"
        description={
          <>
            How PVE Nexus reaches the machines of <strong>{tenant.name}</strong>: through a Tailscale or headscale tailnet, or directly over SSH.
          </>
        }
      />
      {message && (
        <Alert tone="success" testId="connectivity-message">
          {message}
        </Alert>
      )}
      <ErrorAlert error={credentials.error ?? status.error} testId="load-error" />
      {!confirming && <ErrorAlert error={error} testId="page-error" />}
      <ModeCard status={status.data} />
      {credentials.data && (
        <StoredCredentials
          stored={stored ?? null}
          actions={
            canWrite &&
            stored && (
              <>
                <button type="button" className="btn" onClick={() => void testStored()} disabled={busy !== undefined} data-testid="test-stored">
                  {busy === 'testing' ? 'Testing…' : 'Test stored credentials'}
                </button>
                <button type="button" className="btn btn--danger-ghost" onClick={() => setConfirming(true)} disabled={busy !== undefined}>
                  Remove
                </button>
              </>
            )
          }
        />
      )}
      {storedTest && <TailnetTestPanel result={storedTest} />}
      {credentials.data && canWrite && (
        <CredentialsForm
          key={stored?.updatedAt ?? 'none'}
          api={api}
          tenantId={tenant.id}
          stored={stored ?? null}
          onSaved={(view) => {
            credentials.setData(() => ({ credentials: view }));
            status.reload();
            setStoredTest(undefined);
            setMessage('Saved. Discovery uses these credentials from now on.');
          }}
        />
      )}
      {credentials.data && !canWrite && (
        <p className="muted" data-testid="credentials-read-only">
          Only the tenant’s administrators can change the credentials.
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Remove the tailnet credentials?"
        confirmLabel="Remove credentials"
        busy={busy === 'removing'}
        error={confirming ? error : undefined}
        onCancel={() => {
          setConfirming(false);
          setError(undefined);
        }}
        onConfirm={() => void remove()}
      >
        <p>Discovery and enrollment stop until new credentials are saved. Machines already imported are kept; the tailnet itself is not changed.</p>
      </ConfirmDialog>
    </section>
  );
}
