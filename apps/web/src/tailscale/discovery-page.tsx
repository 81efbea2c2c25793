'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { LiveBadge } from '../fleet/live-badge';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { tenantHref, useTenants } from '../tenancy/tenant-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';
import './tailscale.css';
import { DeviceFilters } from './device-filters';
import { DeviceHistoryDialog } from './device-history-dialog';
import { DeviceTable } from './device-table';
import type { ShownDevice } from './device-view.util';
import { ImportDialog } from './import-dialog';
import { TailscaleTabs } from './tailscale-tabs';
import { useDeviceList } from './use-device-list';

export function DiscoveryPage() {
  return <TenantPage action="device.read">{(tenant) => <Discovery tenant={tenant} />}</TenantPage>;
}

type Dialog = { kind: 'import'; devices: ShownDevice[] } | { kind: 'history'; device: ShownDevice };

/** The tenant's tailnet devices, as seed 001's discovery page: filters, refresh, live status, import and history. */
function Discovery({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canImport = can('machine.manage');
  const status = useResource(`tailnet-status:${tenant.id}`, (signal) => api.tailnetStatus(tenant.id, signal));
  const connected = status.data?.mode === 'tailscale';
  const list = useDeviceList(api, tenant.id, connected);
  const machines = useResource(connected ? `machines:${tenant.id}` : null, (signal) => api.listMachines(tenant.id, signal));
  const [selected, setSelected] = useState<ReadonlyMap<string, ShownDevice>>(new Map());
  const [dialog, setDialog] = useState<Dialog>();

  const imported = useMemo(() => new Map((machines.data?.machines ?? []).flatMap((machine) => (machine.tailscaleDeviceId ? [[machine.tailscaleDeviceId, machine.displayName] as const] : []))), [machines.data]);
  const select = (deviceIds: string[], on: boolean) =>
    setSelected((previous) => {
      const next = new Map(previous);
      for (const id of deviceIds) {
        const device = list.devices.find((candidate) => candidate.id === id);
        if (on && device) next.set(id, device);
        else next.delete(id);
      }
      return next;
    });

  const data = list.list.data;
  const historyDevice = dialog?.kind === 'history' ? (list.devices.find((device) => device.id === dialog.device.id) ?? dialog.device) : undefined;
  return (
    <section aria-labelledby="tailscale-title">
      <PageHeader
        id="tailscale-title"
        title="Tailscale device discovery"
        description={
          <>
            The devices of the tailnet of <strong>{tenant.name}</strong>{status.data?.tailnet ? ` (${status.data.tailnet})` : ''}; import them as machines.
          </>
        }
        actions={
          connected && (
            <div className="toolbar" role="toolbar" aria-label="Device actions">
              <LiveBadge state={list.stream} title="Online and offline changes arrive from the event stream" />
              <button type="button" className="btn" onClick={() => void list.refresh()} disabled={list.refreshing} aria-busy={list.refreshing} data-testid="devices-refresh">
                {list.refreshing ? 'Refreshing…' : 'Refresh'}
              </button>
              {canImport && (
                <button type="button" className="btn btn--primary" disabled={selected.size === 0} onClick={() => setDialog({ kind: 'import', devices: [...selected.values()] })} data-testid="import-selected">
                  {selected.size === 0 ? 'Import' : `Import ${selected.size}`}
                </button>
              )}
            </div>
          )
        }
      />
      <TailscaleTabs tenant={tenant} current="devices" />
      <ErrorAlert error={status.error} testId="load-error" />
      {status.data && !connected && <NotConnected tenant={tenant} canConnect={can('settings.write')} />}

      {connected && (
        <>
          <DeviceFilters filters={list.filters} options={list.options} onChange={list.setFilters} />
          {list.stale && (
            <Alert tone="warning" testId="devices-stale">
              {list.stale.message}
              {list.stale.retryAfterSeconds ? ` Refresh again in ${list.stale.retryAfterSeconds} s.` : ''}
            </Alert>
          )}
          <ErrorAlert error={list.refreshError ?? list.list.error} testId="devices-error" />
          {list.refreshing && (
            <div className="loading" role="status" data-testid="devices-refreshing">
              <span className="spinner" aria-hidden="true" />
              <span>Discovering devices…</span>
            </div>
          )}
          {data && (
            <div className="result-bar">
              <p data-testid="devices-count" data-shown={data.devices.length} data-total={data.total}>
                Found <strong>{data.total}</strong> {data.total === 1 ? 'device' : 'devices'}
                {data.devices.length !== data.total && <> · {data.devices.length} shown</>}
              </p>
              <p className="muted">
                · listed <Timestamp iso={data.freshness.fetchedAt} relative />
              </p>
            </div>
          )}
          {!data && list.list.loading && (
            <div className="loading" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
              <span>Discovering devices…</span>
            </div>
          )}
          {data && list.devices.length === 0 && <EmptyState title={data.total === 0 ? 'No devices on the tailnet yet' : 'No device matches the filters'}>{data.total === 0 ? 'Enroll one from the Enrollment tab.' : 'Change or clear the filters.'}</EmptyState>}
          {list.devices.length > 0 && (
            <DeviceTable
              devices={list.devices}
              imported={imported}
              selected={canImport ? new Set(selected.keys()) : null}
              onSelect={select}
              onHistory={(device) => setDialog({ kind: 'history', device })}
              busy={list.list.loading || list.refreshing}
              label={`Devices of the tailnet of ${tenant.name}`}
            />
          )}
        </>
      )}

      {dialog?.kind === 'import' && (
        <ImportDialog
          api={api}
          tenantId={tenant.id}
          devices={dialog.devices}
          onImported={(added) => {
            machines.setData((current) => current && { machines: [...current.machines, ...added] });
            setSelected(new Map());
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {historyDevice && <DeviceHistoryDialog api={api} tenantId={tenant.id} device={historyDevice} version={list.live[historyDevice.id]?.at ?? 0} onClose={() => setDialog(undefined)} />}
    </section>
  );
}

function NotConnected({ tenant, canConnect }: { tenant: TenantOption; canConnect: boolean }) {
  return (
    <div className="card" data-testid="not-connected">
      <EmptyState title="No tailnet connected">
        {tenant.name} is in direct SSH mode.{' '}
        {canConnect ? (
          <>
            Set the Tailscale or headscale credentials in <Link href={tenantHref(tenant, 'settings/connectivity')}>Settings › Connectivity</Link>.
          </>
        ) : (
          'A tenant administrator can connect one in Settings › Connectivity.'
        )}
      </EmptyState>
    </div>
  );
}
