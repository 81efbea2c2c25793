'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import type { ServerView } from '@pve-nexus/contracts';
import type { ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { tenantHref } from '../tenancy/tenant-provider';
import { ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { EmptyState, PageHeader } from '../ui/page-header';
import { useResource } from '../ui/use-resource';
import { breadcrumbs, childrenOf, isFetchable, normalizePath, type TreeEntry } from './api-tree.util';

/** Servers offered in the picker; a server further down the list opens from its card's "API" link. */
const PICKER_LIMIT = 500;

export function ApiBrowserPage() {
  return <TenantPage action="server.api.browse">{(tenant) => <ApiBrowser tenant={tenant} />}</TenantPage>;
}

/**
 * The read-only Proxmox API browser (the seed's ApiTreeNav and ApiContentPanel): pick a server, walk
 * the whitelisted `/api2/json` tree, read each answer as JSON. The server and the path live in the
 * address (`?server=<id>&path=nodes/pve1`), so Back, reload and links work.
 */
function ApiBrowser({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const router = useRouter();
  const params = useSearchParams();
  const serverId = params.get('server') ?? '';
  const path = normalizePath(params.get('path'));
  const fetchable = serverId !== '' && isFetchable(path);

  const servers = useResource(`api-servers:${tenant.id}`, (signal) => api.listServers(tenant.id, { limit: PICKER_LIMIT }, signal));
  const chosen = useResource(serverId ? `server:${tenant.id}:${serverId}` : null, (signal) => api.getServer(tenant.id, serverId, signal));
  const answer = useResource(fetchable ? `api:${tenant.id}:${serverId}:${path}` : null, (signal) => api.browseServerApi(tenant.id, serverId, path, signal));
  // A folder is not asked for: whatever the last fetch left behind belongs to another path.
  const data = fetchable ? answer.data?.data : undefined;
  const entries = useMemo(() => childrenOf(path, data), [path, data]);

  const options = useMemo(() => {
    const listed = servers.data?.servers ?? [];
    const current = chosen.data?.server;
    return current && !listed.some((server) => server.id === current.id) ? [current, ...listed] : listed;
  }, [servers.data, chosen.data]);
  const href = (server: string, to: string) => {
    const query = new URLSearchParams({ server });
    if (to !== '') query.set('path', to);
    return `${tenantHref(tenant, 'api-browser')}?${query}`;
  };

  return (
    <section aria-labelledby="api-title">
      <PageHeader
        id="api-title"
        title="Proxmox API"
        description={
          <>
            Read-only: the parts of each server&apos;s <code>/api2/json</code> that hold no secret, exactly as Proxmox answers them. Every page read is in the audit log.
          </>
        }
      />
      <ErrorAlert error={servers.error ?? chosen.error} testId="load-error" />

      <form className="card filters api-picker" aria-label="Server" onSubmit={(event) => event.preventDefault()}>
        <Field label="Server">
          <select className="input" value={serverId} onChange={(event) => router.push(event.target.value ? href(event.target.value, '') : tenantHref(tenant, 'api-browser'))} data-testid="api-server">
            <option value="">Choose a server…</option>
            {options.map((server: ServerView) => (
              <option key={server.id} value={server.id}>
                {server.name}
              </option>
            ))}
          </select>
        </Field>
      </form>

      {serverId === '' ? (
        servers.data?.servers.length === 0 ? (
          <EmptyState title="No servers yet">Add a Proxmox server first; its API can then be browsed here.</EmptyState>
        ) : (
          <EmptyState title="Choose a server">Its API opens at the top of the tree: version, cluster, nodes.</EmptyState>
        )
      ) : (
        <>
          <nav aria-label="Path">
            <ol className="api-crumbs" data-testid="api-breadcrumbs">
              {breadcrumbs(path).map((crumb, i, all) => (
                <li key={crumb.path}>
                  {i === all.length - 1 ? <span aria-current="page">{crumb.label}</span> : <Link href={href(serverId, crumb.path)}>{crumb.label}</Link>}
                </li>
              ))}
            </ol>
          </nav>
          <div className="api-browser">
            <ApiTreeNav entries={entries} hrefOf={(to) => href(serverId, to)} loading={answer.loading && fetchable} />
            <ApiContentPanel path={path} fetchable={fetchable} data={data} loading={answer.loading} error={fetchable ? answer.error : undefined} />
          </div>
        </>
      )}
    </section>
  );
}

/** The entries below the current path; a folder (not asked from Proxmox) ends with a slash. */
function ApiTreeNav({ entries, hrefOf, loading }: { entries: TreeEntry[]; hrefOf: (path: string) => string; loading: boolean }) {
  return (
    <nav className="card api-tree" aria-label="Entries" data-testid="api-tree">
      {entries.length === 0 ? (
        <p className="muted">{loading ? 'Reading…' : 'Nothing below this path.'}</p>
      ) : (
        <ul>
          {entries.map((entry) => (
            <li key={entry.path}>
              <Link href={hrefOf(entry.path)} data-testid="api-entry" data-path={entry.path}>
                <span className="mono">
                  {entry.label}
                  {entry.fetchable ? '' : '/'}
                </span>
                {entry.detail && <span className="api-tree__detail">{entry.detail}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

/** Proxmox's answer at the current path, as JSON; a folder only says what it holds. */
function ApiContentPanel({ path, fetchable, data, loading, error }: { path: string; fetchable: boolean; data: unknown; loading: boolean; error: ApiError | undefined }) {
  const text = useMemo(() => (data === undefined ? undefined : JSON.stringify(data, null, 2)), [data]);
  return (
    <div className="card api-content" data-testid="api-content">
      <h2 className="mono api-content__path">GET /api2/json/{path}</h2>
      {!fetchable ? (
        <p className="muted">A folder: choose one of its entries.</p>
      ) : error ? (
        <ErrorAlert error={error} testId="api-error" />
      ) : text === undefined || loading ? (
        <div className="loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          <span>Asking Proxmox…</span>
        </div>
      ) : (
        <pre className="api-json" data-testid="api-json">
          {text}
        </pre>
      )}
    </div>
  );
}
