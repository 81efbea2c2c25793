'use client';

import { useState, type FormEvent } from 'react';
import { TenantRole, type ApiKeyView, type IdentityRpc, type RpcResponse } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { ROLE_LABELS, type TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge, RoleBadge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field } from '../ui/field';
import { EmptyState, PageHeader } from '../ui/page-header';
import { SecretReveal } from '../ui/secret-reveal';
import { Timestamp } from '../ui/timestamp';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { useResource } from '../ui/use-resource';

type CreatedKey = RpcResponse<typeof IdentityRpc.createApiKey>;

/** Lifetimes offered for a new key, in days; `never` keeps it until revoked. */
const LIFETIMES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'No expiry' },
] as const;
type Lifetime = (typeof LIFETIMES)[number]['value'];

function expiryOf(lifetime: Lifetime): string | undefined {
  if (lifetime === 'never') return undefined;
  return new Date(Date.now() + Number(lifetime) * 86_400_000).toISOString();
}

function stateOf(key: ApiKeyView): 'revoked' | 'expired' | 'active' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

export function ApiKeysPage() {
  return <TenantPage action="apikey.list">{(tenant) => <ApiKeys tenant={tenant} />}</TenantPage>;
}

/** Tokens for scripts and integrations, each acting in this tenant with one role (tenant admins). */
function ApiKeys({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const keys = useResource(`api-keys:${tenant.id}`, (signal) => api.listApiKeys(tenant.id, signal));
  const [name, setName] = useState('');
  const [role, setRole] = useState<TenantRole>('viewer');
  const [lifetime, setLifetime] = useState<Lifetime>('90');
  const [createError, setCreateError] = useState<ApiError>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreating(true);
    setCreateError(undefined);
    revocation.clearMessage();
    try {
      const expiresAt = expiryOf(lifetime);
      const result = await api.createApiKey(tenant.id, { name: name.trim(), role, ...(expiresAt ? { expiresAt } : {}) });
      keys.setData((current) => current && { apiKeys: [result.apiKey, ...current.apiKeys] });
      setCreated(result);
      setName('');
    } catch (caught) {
      setCreateError(toApiError(caught));
    } finally {
      setCreating(false);
    }
  };

  const revocation = useConfirmedAction(async (key: ApiKeyView) => {
    const { apiKey } = await api.revokeApiKey(tenant.id, key.id);
    keys.setData((current) => current && { apiKeys: current.apiKeys.map((entry) => (entry.id === apiKey.id ? apiKey : entry)) });
    return `Revoked “${apiKey.name}”. Requests with its token are refused from now on.`;
  });
  const revoking = revocation.target;

  const list = keys.data?.apiKeys ?? [];
  return (
    <section aria-labelledby="api-keys-title">
      <PageHeader
        id="api-keys-title"
        title="API keys"
        description={
          <>
            Tokens for scripts and integrations. Each acts in <strong>{tenant.name}</strong> with the role you give it; send it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </>
        }
      />

      {created ? (
        <SecretReveal title={`Token of “${created.apiKey.name}”`} secret={created.token} testId="api-key-token" dismissLabel="I have stored it" onDismiss={() => setCreated(undefined)}>
          Store it in your secret manager now. PVE Nexus keeps only a hash of it: if it is lost, revoke the key and create another.
        </SecretReveal>
      ) : (
        <form className="card inline-form" onSubmit={create} noValidate aria-label="Create an API key" data-testid="create-api-key-form">
          <Field label="Name" error={createError?.fieldError('name')} className="inline-form__grow">
            <input className="input" name="name" placeholder="e.g. terraform-ci" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <Field label="Role" error={createError?.fieldError('role')}>
            <select className="input" name="role" value={role} onChange={(event) => setRole(event.target.value as TenantRole)}>
              {TenantRole.options.map((option) => (
                <option key={option} value={option}>
                  {ROLE_LABELS[option]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Expires" error={createError?.fieldError('expiresAt')}>
            <select className="input" name="lifetime" value={lifetime} onChange={(event) => setLifetime(event.target.value as Lifetime)}>
              {LIFETIMES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn btn--primary inline-form__submit" disabled={creating || !name.trim()}>
            {creating ? 'Creating…' : 'Create key'}
          </button>
        </form>
      )}
      <ErrorAlert error={createError} shownFields={['name', 'role', 'expiresAt']} testId="create-api-key-error" />

      {revocation.message && <Alert tone="success">{revocation.message}</Alert>}
      <ErrorAlert error={keys.error} testId="load-error" />

      <div className="table-wrap">
        <table className="table" aria-label={`API keys of ${tenant.name}`} aria-busy={keys.loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((key) => {
              const state = stateOf(key);
              return (
                <tr key={key.id} data-testid="api-key-row" data-name={key.name} data-state={state} className={state === 'active' ? undefined : 'table__row--muted'}>
                  <td className="strong">{key.name}</td>
                  <td>
                    <code className="mono">{key.prefix}…</code>
                  </td>
                  <td>
                    <RoleBadge role={key.role} />
                  </td>
                  <td>
                    <Timestamp iso={key.createdAt} />
                  </td>
                  <td>
                    <Timestamp iso={key.lastUsedAt} relative empty="Never" />
                  </td>
                  <td>
                    <Timestamp iso={key.expiresAt} empty="Never" />
                  </td>
                  <td>
                    {state === 'active' && <Badge tone="ok">Active</Badge>}
                    {state === 'expired' && <Badge tone="warn">Expired</Badge>}
                    {state === 'revoked' && (
                      <Badge tone="bad" title={`Revoked ${new Date(key.revokedAt!).toString()}`}>
                        Revoked
                      </Badge>
                    )}
                  </td>
                  <td className="table__actions">
                    {state !== 'revoked' && (
                      <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => revocation.ask(key)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {keys.data && list.length === 0 && <EmptyState title="No API keys yet">Create one for each script or integration, with the weakest role it needs.</EmptyState>}
        {!keys.data && keys.loading && <p className="table__loading">Loading API keys…</p>}
      </div>

      <ConfirmDialog {...revocation.dialog} title="Revoke API key?" confirmLabel="Revoke key">
        <p>
          Every script using <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>) will be refused at once. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
