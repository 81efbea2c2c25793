'use client';

import { useState, type FormEvent } from 'react';
import type { TenantView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { can } from '../tenancy/permissions';
import { useTenants } from '../tenancy/tenant-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field } from '../ui/field';
import { AccessDenied, EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';

export function TenantsPage() {
  const { user } = useSignedIn();
  if (!can(user, 'tenant.create')) return <AccessDenied>Only global administrators manage tenants.</AccessDenied>;
  return <TenantsAdmin />;
}

/** Every tenant of the installation: create, deactivate (refuses all of its requests), reactivate. */
function TenantsAdmin() {
  const { api } = useSignedIn();
  const switcher = useTenants();
  const tenants = useResource('tenants', (signal) => api.listTenants(signal));
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<ApiError>();
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<TenantView>();
  const [busyId, setBusyId] = useState<string>();
  const [dialogError, setDialogError] = useState<ApiError>();
  const [rowError, setRowError] = useState<{ tenantId: string; error: ApiError }>();
  const [message, setMessage] = useState<string>();

  const replace = (tenant: TenantView) => tenants.setData((current) => current && { tenants: current.tenants.map((entry) => (entry.id === tenant.id ? tenant : entry)) });

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreating(true);
    setCreateError(undefined);
    setMessage(undefined);
    try {
      const { tenant } = await api.createTenant({ slug: slug.trim(), name: name.trim() });
      tenants.setData((current) => current && { tenants: [...current.tenants, tenant] });
      setMessage(`Created ${tenant.name}. Add its first admin on its Members page.`);
      setSlug('');
      setName('');
      switcher.reload();
    } catch (caught) {
      setCreateError(toApiError(caught));
    } finally {
      setCreating(false);
    }
  };

  const setActive = async (tenant: TenantView, active: boolean): Promise<ApiError | undefined> => {
    setBusyId(tenant.id);
    setRowError(undefined);
    setMessage(undefined);
    try {
      replace((await api.setTenantActive(tenant.id, active)).tenant);
      setMessage(active ? `${tenant.name} is active again.` : `${tenant.name} is deactivated: every request in it is refused.`);
      switcher.reload();
      return undefined;
    } catch (caught) {
      return toApiError(caught);
    } finally {
      setBusyId(undefined);
    }
  };

  const list = tenants.data?.tenants ?? [];
  return (
    <section aria-labelledby="tenants-title">
      <PageHeader id="tenants-title" title="Tenants" description="Each tenant is an isolated customer or team with its own servers, members, API keys and audit chain." />

      <form className="card inline-form" onSubmit={create} noValidate aria-label="Create a tenant">
        <Field label="Name" error={createError?.fieldError('name')} className="inline-form__grow">
          <input className="input" name="name" placeholder="Acme Hosting" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        <Field label="Slug" hint="In URLs: lower-case letters, digits, dashes." error={createError?.fieldError('slug')}>
          <input className="input input--mono" name="slug" placeholder="acme" autoComplete="off" value={slug} onChange={(event) => setSlug(event.target.value.toLowerCase())} />
        </Field>
        <button type="submit" className="btn btn--primary inline-form__submit" disabled={creating || !slug.trim() || !name.trim()}>
          {creating ? 'Creating…' : 'Create tenant'}
        </button>
      </form>
      <ErrorAlert error={createError} shownFields={['name', 'slug']} />

      {message && <Alert tone="success">{message}</Alert>}
      <ErrorAlert error={tenants.error} testId="load-error" />

      <div className="table-wrap">
        <table className="table" aria-label="Tenants" aria-busy={tenants.loading}>
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Status</th>
              <th scope="col">Server quota</th>
              <th scope="col">Created</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((tenant) => (
              <tr key={tenant.id} data-testid="tenant-row" data-slug={tenant.slug} className={tenant.active ? undefined : 'table__row--muted'}>
                <td>
                  <div className="who">
                    <span className="who__name">{tenant.name}</span>
                    <code className="who__email mono">{tenant.slug}</code>
                  </div>
                  {rowError?.tenantId === tenant.id && <p className="row-error" role="alert">{rowError.error.detail}</p>}
                </td>
                <td>{tenant.active ? <Badge tone="ok">Active</Badge> : <Badge tone="bad">Deactivated</Badge>}</td>
                <td className="numeric">{tenant.serverQuota}</td>
                <td>
                  <Timestamp iso={tenant.createdAt} />
                </td>
                <td className="table__actions">
                  {tenant.active ? (
                    <button type="button" className="btn btn--sm btn--danger-ghost" disabled={busyId === tenant.id} onClick={() => setDeactivating(tenant)}>
                      Deactivate
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="btn btn--sm"
                      disabled={busyId === tenant.id}
                      onClick={async () => {
                        const error = await setActive(tenant, true);
                        if (error) setRowError({ tenantId: tenant.id, error });
                      }}
                    >
                      Reactivate
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tenants.data && list.length === 0 && <EmptyState title="No tenants yet" />}
        {!tenants.data && tenants.loading && <p className="table__loading">Loading tenants…</p>}
      </div>

      <ConfirmDialog
        open={deactivating !== undefined}
        title="Deactivate tenant?"
        confirmLabel="Deactivate tenant"
        busy={busyId !== undefined}
        error={dialogError}
        onCancel={() => {
          setDeactivating(undefined);
          setDialogError(undefined);
        }}
        onConfirm={async () => {
          if (!deactivating) return;
          const error = await setActive(deactivating, false);
          if (error) setDialogError(error);
          else setDeactivating(undefined);
        }}
      >
        <p>
          Every request in <strong>{deactivating?.name}</strong>, by its members and its API keys, is refused until it is reactivated. Nothing is deleted.
        </p>
      </ConfirmDialog>
    </section>
  );
}
