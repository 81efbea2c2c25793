'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { tenantHref } from '../tenancy/tenant-provider';
import { healthOf } from '../servers/connection-test.util';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { usePolling } from '../ui/use-polling';
import { useResource } from '../ui/use-resource';
import { hourlySeries } from './health-series.util';

const HOURS = 24;
/** Checks run every minute or so; the page follows them this often, in ms. */
const REFRESH_MS = 15_000;

export function ServerHealthPage({ serverId }: { serverId: string }) {
  return <TenantPage action="server.read">{(tenant) => <ServerHealth tenant={tenant} serverId={serverId} />}</TenantPage>;
}

/** One server's health checks: status, learned timeout, hourly success rate and latency, the last checks. */
function ServerHealth({ tenant, serverId }: { tenant: TenantOption; serverId: string }) {
  const { api } = useSignedIn();
  const server = useResource(`server:${tenant.id}:${serverId}`, (signal) => api.getServer(tenant.id, serverId, signal));
  const health = useResource(`health:${tenant.id}:${serverId}`, (signal) => api.serverHealth(tenant.id, serverId, HOURS, signal));
  const { reload } = health;
  usePolling(reload, REFRESH_MS);

  const points = useMemo(() => hourlySeries(health.data?.hours ?? [], HOURS), [health.data]);
  const name = server.data?.server.name ?? 'Server';
  const status = healthOf(health.data?.status ?? null);
  const hasChecks = (health.data?.hours.length ?? 0) > 0;

  return (
    <section aria-labelledby="health-title">
      <p className="muted">
        <Link href={tenantHref(tenant, 'servers')}>← Servers</Link>
      </p>
      <PageHeader
        id="health-title"
        title={`${name}: health`}
        description="Periodic reachability checks of the Proxmox API over the last 24 hours."
        actions={
          <button type="button" className="btn" onClick={reload} disabled={health.loading} data-testid="health-refresh">
            {health.loading && health.data ? 'Refreshing…' : 'Refresh'}
          </button>
        }
      />
      <ErrorAlert error={server.error ?? health.error} testId="load-error" />

      {health.data && (
        <dl className="card health-facts" data-testid="health-facts">
          <div>
            <dt>Status</dt>
            <dd data-testid="health-status" data-tone={status.tone}>
              <span className={`status-dot status-dot--${status.tone}`} aria-hidden="true" /> {status.label}
            </dd>
          </div>
          <div>
            <dt>Last check</dt>
            <dd>{health.data.lastHealthAt ? <Timestamp iso={health.data.lastHealthAt} relative /> : '—'}</dd>
          </div>
          <div>
            <dt>Learned timeout</dt>
            <dd data-testid="learned-timeout">{health.data.learnedTimeoutMs === null ? 'Not learned yet' : `${health.data.learnedTimeoutMs} ms`}</dd>
          </div>
          <div>
            <dt>Checks (24 h)</dt>
            <dd>{health.data.hours.reduce((sum, hour) => sum + hour.checks, 0)}</dd>
          </div>
        </dl>
      )}

      {health.data && !hasChecks && <EmptyState title="No checks yet">The first check runs shortly after a server is added.</EmptyState>}

      {hasChecks && (
        <div className="health-charts">
          <figure className="card health-chart" data-testid="success-chart">
            <h2>Success rate per hour</h2>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" interval={3} fontSize={11} />
                <YAxis domain={[0, 100]} unit="%" fontSize={11} />
                <Tooltip formatter={(value) => [`${String(value)}%`, 'Success']} />
                <Bar dataKey="successPct" name="Success" fill="var(--up)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="card health-chart" data-testid="latency-chart">
            <h2>Latency per hour</h2>
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" interval={3} fontSize={11} />
                <YAxis unit=" ms" fontSize={11} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="avgMs" name="Average" stroke="var(--info)" dot isAnimationActive={false} connectNulls={false} />
                <Line type="monotone" dataKey="maxMs" name="Maximum" stroke="var(--accent)" dot isAnimationActive={false} connectNulls={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
        </div>
      )}

      {health.data && health.data.recent.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="recent-checks">
            <caption className="visually-hidden">The last checks, newest first</caption>
            <thead>
              <tr>
                <th>Checked</th>
                <th>Result</th>
                <th>Latency</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {health.data.recent.map((check) => (
                <tr key={check.checkedAt} data-testid="recent-check">
                  <td>
                    <Timestamp iso={check.checkedAt} />
                  </td>
                  <td>{check.ok ? <Badge tone="ok">ok</Badge> : <Badge tone="bad">failed</Badge>}</td>
                  <td>{check.latencyMs === null ? '—' : `${check.latencyMs} ms`}</td>
                  <td>{check.errorClass ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
