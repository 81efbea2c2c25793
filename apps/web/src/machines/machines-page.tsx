'use client';

import Link from 'next/link';
import type { MachineView } from '@pve-nexus/contracts';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { tenantHref, useTenants } from '../tenancy/tenant-provider';
import { ActionsHeader } from '../ui/actions-header';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { useResource } from '../ui/use-resource';
import { TableStatus } from '../ui/table-status';

export function MachinesPage() {
  return <TenantPage action="machine.read">{(tenant) => <Machines tenant={tenant} />}</TenantPage>;
}

/** The tenant's machines, imported from its tailnet; managers remove them. */
function Machines({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canManage = can('machine.manage');
  const list = useResource(`machines:${tenant.id}`, (signal) => api.listMachines(tenant.id, signal));
  const removal = useConfirmedAction(async (machine: MachineView) => {
    await api.removeMachine(tenant.id, machine.id);
    list.setData((current) => current && { machines: current.machines.filter((entry) => entry.id !== machine.id) });
    return `Removed ${machine.displayName}. The device stays on the tailnet and can be imported again.`;
  });
  const removing = removal.target;

  const machines = list.data?.machines ?? [];
  return (
    <section aria-labelledby="machines-title">
      <PageHeader
        id="machines-title"
        title="Machines"
        description={
          <>
            The machines of <strong>{tenant.name}</strong>, reached by their MagicDNS names. Import them from the <Link href={tenantHref(tenant, 'tailscale')}>Tailscale devices</Link>.
          </>
        }
      />
      {removal.message && (
        <Alert tone="success" testId="machines-message">
          {removal.message}
        </Alert>
      )}
      <ErrorAlert error={list.error} testId="load-error" />
      <div className="table-wrap">
        <table className="table" aria-label={`Machines of ${tenant.name}`} aria-busy={list.loading}>
          <thead>
            <tr>
              <th scope="col">Display name</th>
              <th scope="col">MagicDNS host name</th>
              <th scope="col">Type</th>
              <th scope="col" className="numeric">
                TDP
              </th>
              <th scope="col">Category</th>
              <th scope="col">Source</th>
              <th scope="col">Added</th>
              {canManage && <ActionsHeader />}
            </tr>
          </thead>
          <tbody>
            {machines.map((machine) => (
              <tr key={machine.id} data-testid="machine-row" data-name={machine.displayName}>
                <td className="strong">{machine.displayName}</td>
                <td>
                  <code className="mono" data-testid="machine-hostname">
                    {machine.hostname}
                  </code>
                </td>
                <td>{machine.machineType === 'server' ? 'Server' : 'Workstation'}</td>
                <td className="numeric">{machine.tdpWatts === null ? '—' : `${machine.tdpWatts} W`}</td>
                <td>{machine.category ?? <span className="muted">—</span>}</td>
                <td>
                  <Badge tone={machine.source === 'tailscale' ? 'info' : 'neutral'}>{machine.source === 'tailscale' ? 'Tailscale' : 'Manual'}</Badge>
                </td>
                <td>
                  <Timestamp iso={machine.createdAt} />
                </td>
                {canManage && (
                  <td className="table__actions">
                    <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => removal.ask(machine)} aria-label={`Remove ${machine.displayName}`}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <TableStatus rows={list.data?.machines} loading={list.loading} loadingText="Loading machines…" empty={<EmptyState title="No machines yet">Import devices from the tailnet on the Tailscale page.</EmptyState>} />
      </div>
      <ConfirmDialog {...removal.dialog} title="Remove machine?" confirmLabel="Remove machine">
        <p>
          PVE Nexus forgets <strong>{removing?.displayName}</strong> ({removing?.hostname}). The device itself stays on the tailnet.
        </p>
      </ConfirmDialog>
    </section>
  );
}
