'use client';

import { useCallback, useState } from 'react';
import { deviceForHost, type ConnectionTestResult, type ServerView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { tenantHref, useTenants } from '../tenancy/tenant-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ServerIcon } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { useResource } from '../ui/use-resource';
import { CsvImportDialog } from './csv-import-dialog';
import { downloadText, exportFileName } from './csv-template.util';
import { ServerCard, type LastTest } from './server-card';
import { ServerFormDialog } from './server-form-dialog';
import type { ServerFormValues } from './server-form.util';
import { ServerTestDialog } from './server-test-dialog';

/** Servers per request; "Load more" asks for the next page with the cursor (a tenant may have 10,000). */
const PAGE_SIZE = 60;

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; server: ServerView; preset?: Partial<ServerFormValues> }
  | { kind: 'test'; server: ServerView }
  | { kind: 'delete'; server: ServerView }
  | { kind: 'import' };

type ServerPage = { servers: ServerView[]; nextCursor: string | null };

const byName = (a: ServerView, b: ServerView) => a.name.localeCompare(b.name);

/** Adds or replaces one server in the loaded pages, keeping the order by name. */
function upsert(page: ServerPage, server: ServerView): ServerPage {
  if (page.servers.some((entry) => entry.id === server.id)) {
    return { ...page, servers: page.servers.map((entry) => (entry.id === server.id ? server : entry)) };
  }
  const last = page.servers.at(-1);
  // One that sorts after everything loaded arrives with "Load more", where it belongs.
  if (page.nextCursor && last && byName(server, last) > 0) return page;
  return { ...page, servers: [...page.servers, server].sort(byName) };
}

export function ServersPage() {
  return <TenantPage action="server.read">{(tenant) => <Servers tenant={tenant} />}</TenantPage>;
}

/** The tenant's Proxmox servers as cards; managers add, test, edit, delete and import them. */
function Servers({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canWrite = can('server.write');
  const canAccept = can('server.tls.accept');
  const canBrowse = can('server.api.browse');
  const list = useResource(`servers:${tenant.id}`, (signal) => api.listServers(tenant.id, { limit: PAGE_SIZE }, signal));
  // The tenant's tailnet devices, to offer "connect via Tailscale" for a server that is one; none without a tailnet.
  const devices = useResource(canWrite ? `tailnet-devices:${tenant.id}` : null, (signal) => api.listDevices(tenant.id, {}, signal).then((found) => found.devices, () => []));
  const [dialog, setDialog] = useState<Dialog>();
  const [message, setMessage] = useState<string>();
  const [pageError, setPageError] = useState<ApiError>();
  const [dialogError, setDialogError] = useState<ApiError>();
  const [busy, setBusy] = useState<'more' | 'export' | 'delete'>();
  const [lastTests, setLastTests] = useState<Record<string, LastTest>>({});

  const { setData } = list;
  const saveServer = useCallback((server: ServerView) => setData((current) => current && upsert(current, server)), [setData]);
  const recordTest = useCallback((serverId: string, result: ConnectionTestResult) => {
    setLastTests((previous) => ({ ...previous, [serverId]: { result, at: new Date().toISOString() } }));
  }, []);

  const open = (next: Dialog) => {
    setMessage(undefined);
    setPageError(undefined);
    setDialogError(undefined);
    setDialog(next);
  };
  const close = (done?: string) => {
    setDialog(undefined);
    if (done) setMessage(done);
  };

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setBusy('more');
    setPageError(undefined);
    try {
      const page = await api.listServers(tenant.id, { limit: PAGE_SIZE, cursor });
      list.setData((current) => {
        if (!current) return current;
        const known = new Set(current.servers.map((server) => server.id));
        return { servers: [...current.servers, ...page.servers.filter((server) => !known.has(server.id))], nextCursor: page.nextCursor };
      });
    } catch (caught) {
      setPageError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const exportCsv = async () => {
    setBusy('export');
    setPageError(undefined);
    setMessage(undefined);
    try {
      downloadText(await api.exportServersCsv(tenant.id), exportFileName(tenant.slug));
    } catch (caught) {
      setPageError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    if (dialog?.kind !== 'delete') return;
    const target = dialog.server;
    setBusy('delete');
    setDialogError(undefined);
    try {
      await api.deleteServer(tenant.id, target.id);
      list.setData((current) => current && { ...current, servers: current.servers.filter((server) => server.id !== target.id) });
      close(`Deleted ${target.name}. Its API token is gone from PVE Nexus; the Proxmox server itself is unchanged.`);
    } catch (caught) {
      setDialogError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const servers = list.data?.servers ?? [];
  const more = Boolean(list.data?.nextCursor);
  return (
    <section aria-labelledby="servers-title">
      <PageHeader
        id="servers-title"
        title="Servers"
        description={
          <>
            The Proxmox VE clusters of <strong>{tenant.name}</strong>: where PVE Nexus connects, over the public address or Tailscale, and which certificates it trusts.
          </>
        }
        actions={
          <div className="toolbar" role="toolbar" aria-label="Server actions">
            <button type="button" className="btn" onClick={exportCsv} disabled={busy === 'export'} data-testid="export-csv">
              {busy === 'export' ? 'Exporting…' : 'Export CSV'}
            </button>
            {canWrite && (
              <button type="button" className="btn" onClick={() => open({ kind: 'import' })} data-testid="import-csv">
                Import CSV
              </button>
            )}
            {canWrite && (
              <button type="button" className="btn btn--primary" onClick={() => open({ kind: 'add' })} data-testid="add-server">
                Add server
              </button>
            )}
          </div>
        }
      />

      {message && (
        <Alert tone="success" testId="servers-message">
          {message}
        </Alert>
      )}
      <ErrorAlert error={list.error} testId="load-error" />
      <ErrorAlert error={pageError} testId="page-error" />

      {list.data && servers.length > 0 && (
        <p className="result-count muted" data-testid="servers-count">
          {servers.length} {servers.length === 1 ? 'server' : 'servers'}
          {more ? ' shown · more to load' : ''}
        </p>
      )}

      {!list.data && list.loading && (
        <div className="loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          <span>Loading servers…</span>
        </div>
      )}

      {list.data && servers.length === 0 && (
        <div className="empty empty--large card" data-testid="empty-state">
          <span className="empty__icon">
            <ServerIcon size={36} />
          </span>
          <p className="empty__title">No servers yet</p>
          <p className="empty__text">
            {canWrite
              ? 'Add a Proxmox VE server with an API token, or import many at once from a CSV file.'
              : `Nobody has added a server to ${tenant.name} yet. A manager of the tenant can add them.`}
          </p>
          {canWrite && (
            <div className="empty__actions">
              <button type="button" className="btn" onClick={() => open({ kind: 'import' })}>
                Import CSV
              </button>
              <button type="button" className="btn btn--primary" onClick={() => open({ kind: 'add' })}>
                Add server
              </button>
            </div>
          )}
        </div>
      )}

      {servers.length > 0 && (
        <ul className="server-grid" aria-label={`Servers of ${tenant.name}`} aria-busy={list.loading}>
          {servers.map((server) => (
            <li key={server.id}>
              <ServerCard
                server={server}
                healthHref={tenantHref(tenant, `servers/${encodeURIComponent(server.id)}/health`)}
                apiHref={canBrowse ? `${tenantHref(tenant, 'api-browser')}?server=${encodeURIComponent(server.id)}` : undefined}
                lastTest={lastTests[server.id]}
                canWrite={canWrite}
                onTest={() => open({ kind: 'test', server })}
                onEdit={() => open({ kind: 'edit', server })}
                tailnetMatch={server.useTailscale ? undefined : (deviceForHost(devices.data ?? [], server.host)?.name ?? undefined)}
                onUseTailnet={(name) => open({ kind: 'edit', server, preset: { useTailscale: true, tailscaleHostname: name, tailscalePort: String(server.port) } })}
                onDelete={() => open({ kind: 'delete', server })}
              />
            </li>
          ))}
        </ul>
      )}

      {more && (
        <div className="load-more">
          <button type="button" className="btn" onClick={loadMore} disabled={busy === 'more'} data-testid="load-more">
            {busy === 'more' ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}

      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <ServerFormDialog
          key={dialog.kind === 'edit' ? dialog.server.id : 'add'}
          api={api}
          tenant={tenant}
          server={dialog.kind === 'edit' ? dialog.server : undefined}
          {...(dialog.kind === 'edit' && dialog.preset ? { preset: dialog.preset } : {})}
          canAcceptFingerprints={canAccept}
          onSaved={saveServer}
          onTested={recordTest}
          onClose={close}
        />
      )}
      {dialog?.kind === 'test' && (
        <ServerTestDialog api={api} tenant={tenant} server={dialog.server} canAcceptFingerprints={canAccept} onTested={recordTest} onUpdated={saveServer} onClose={() => close()} />
      )}
      {dialog?.kind === 'import' && (
        <CsvImportDialog
          api={api}
          tenant={tenant}
          onImported={(count) => {
            setMessage(`Imported ${count} ${count === 1 ? 'server' : 'servers'}.`);
            list.reload();
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title="Delete server?"
        confirmLabel="Delete server"
        busy={busy === 'delete'}
        error={dialogError}
        onCancel={() => close()}
        onConfirm={remove}
      >
        {dialog?.kind === 'delete' && (
          <p>
            PVE Nexus forgets <strong>{dialog.server.name}</strong> ({dialog.server.host}), its API token and its accepted certificates. The Proxmox server itself is not changed; you can add it again later.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
