'use client';

import type { AuthKeyView } from '@pve-nexus/contracts';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { useTenants } from '../tenancy/tenant-provider';
import { TailscaleTabs } from '../tailscale/tailscale-tabs';
import { Alert, ErrorAlert } from '../ui/alert';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { PageHeader } from '../ui/page-header';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { useResource } from '../ui/use-resource';
import '../tailscale/tailscale.css';
import { EnrollWizard } from './enroll-wizard';
import { AuthKeysTable, EnrollmentsTable } from './enrollment-tables';

export function EnrollPage() {
  return <TenantPage action="device.read">{(tenant) => <Enroll tenant={tenant} />}</TenantPage>;
}

/** Enrolling devices into the tenant's tailnet: the wizard (managers), the auth keys and the enrollments. */
function Enroll({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canManage = can('device.manage');
  const status = useResource(`tailnet-status:${tenant.id}`, (signal) => api.tailnetStatus(tenant.id, signal));
  const connected = status.data?.mode === 'tailscale';
  const keys = useResource(connected ? `auth-keys:${tenant.id}` : null, (signal) => api.listAuthKeys(tenant.id, signal));
  const enrollments = useResource(connected ? `enrollments:${tenant.id}` : null, (signal) => api.listEnrollments(tenant.id, signal));
  const revocation = useConfirmedAction(async (key: AuthKeyView) => {
    await api.revokeAuthKey(tenant.id, key.id);
    keys.reload();
    return `Revoked the key ${key.prefix ?? key.id}: no device can join with it any more.`;
  });
  const revoking = revocation.target;
  const reloadLists = () => {
    keys.reload();
    enrollments.reload();
  };

  return (
    <section aria-labelledby="enroll-page-title">
      <PageHeader id="enroll-page-title" title="Enroll devices" description={<>Auth keys that join new devices to the tailnet of <strong>{tenant.name}</strong>, and what joined with them.</>} />
      <TailscaleTabs tenant={tenant} current="enroll" />
      <ErrorAlert error={status.error ?? keys.error ?? enrollments.error} testId="load-error" />
      {status.data && !connected && <Alert tone="info">No tailnet is connected: a tenant administrator sets its credentials in Settings › Connectivity first.</Alert>}
      {revocation.message && (
        <Alert tone="success" testId="enroll-message">
          {revocation.message}
        </Alert>
      )}
      {connected && canManage && <EnrollWizard api={api} tenantId={tenant.id} onChange={reloadLists} />}
      {connected && (
        <>
          <h2 className="section-title">Auth keys</h2>
          <AuthKeysTable
            keys={keys.data?.keys}
            loading={keys.loading}
            onRevoke={canManage ? revocation.ask : undefined}
          />
          <h2 className="section-title">Enrollments</h2>
          <EnrollmentsTable enrollments={enrollments.data?.enrollments} loading={enrollments.loading} />
        </>
      )}
      <ConfirmDialog {...revocation.dialog} title="Revoke auth key?" confirmLabel="Revoke key">
        <p>
          No device can join with <code>{revoking?.prefix ?? revoking?.id}</code> any more. Devices that already joined stay on the tailnet.
        </p>
      </ConfirmDialog>
    </section>
  );
}
