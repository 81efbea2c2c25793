'use client';

import Link from 'next/link';
import type { ConnectionTestResult, ServerView } from '@pve-nexus/contracts';
import { LinkIcon, LockIcon } from '../ui/icons';
import { Timestamp } from '../ui/timestamp';
import { formatRelative } from '../ui/format.util';
import { describeFailure, describeTailnetPath, healthOf } from './connection-test.util';

/** A test run from this page, shown on the card until the page is left. */
export interface LastTest {
  result: ConnectionTestResult;
  at: string;
}

export interface ServerCardProps {
  server: ServerView;
  /** Where the server's health page is. */
  healthHref: string;
  /** Where its read-only Proxmox API browser opens; absent for roles that may not browse. */
  apiHref?: string;
  lastTest?: LastTest;
  /** Managers: Test, Edit and Delete; viewers see the card only. */
  canWrite: boolean;
  onTest: () => void;
  onEdit: () => void;
  onDelete: () => void;
  /** The MagicDNS name of the tenant's tailnet device this server's host is, when it is one and the server does not use it yet. */
  tailnetMatch?: string;
  /** Opens the edit form with the Tailscale fields set to that device. */
  onUseTailnet?: (name: string) => void;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One server as the seed's card: name, address, Tailscale endpoint, certificate trust, status, actions. */
export function ServerCard({ server, healthHref, apiHref, lastTest, canWrite, onTest, onEdit, onDelete, tailnetMatch, onUseTailnet }: ServerCardProps) {
  const health = healthOf(server.lastHealthStatus);
  const viaTailnet = server.endpoint.via === 'tailnet';
  const pinned = server.pins.length;

  return (
    <article className={`server-card server-card--${health.tone}`} data-testid="server-card" data-name={server.name} aria-labelledby={`server-${server.id}`}>
      <header className="server-card__header">
        <h2 className="server-card__name" id={`server-${server.id}`} title={server.name}>
          {server.name}
        </h2>
        {server.useTailscale && (
          <span className="pill pill--info server-card__tag" title="Reached through the tailnet">
            <LinkIcon size={12} /> Tailscale
          </span>
        )}
      </header>

      <dl className="server-card__facts">
        <div className={viaTailnet ? 'server-card__fact--inactive' : undefined}>
          <dt>Host</dt>
          <dd className="mono" data-testid="server-host">
            {server.host}:{server.port}
          </dd>
        </div>
        {server.useTailscale && (
          <div>
            <dt>Tailscale</dt>
            <dd className="mono server-card__tailnet" data-testid="server-tailscale">
              {server.tailscaleHostname}:{server.tailscalePort}
              <LinkIcon title="Connects via Tailscale" />
            </dd>
          </div>
        )}
        {tailnetMatch && (
          <div>
            <dt>Tailscale</dt>
            <dd data-testid="server-tailnet-match">
              On your tailnet as <span className="mono">{tailnetMatch}</span>
              {canWrite && onUseTailnet && (
                <>
                  {' · '}
                  <button type="button" className="btn btn--sm" onClick={() => onUseTailnet(tailnetMatch)}>
                    Connect via Tailscale
                  </button>
                </>
              )}
            </dd>
          </div>
        )}
        {server.tailnetPath && (
          <div>
            <dt>Tailnet path</dt>
            <dd data-testid="server-tailnet-path" data-kind={server.tailnetPath.kind}>
              {describeTailnetPath(server.tailnetPath)}
            </dd>
          </div>
        )}
        <div>
          <dt>TLS</dt>
          <dd data-testid="server-tls">
            <LockIcon />
            {server.tlsTrust === 'ca' ? (
              'CA verification'
            ) : pinned > 0 ? (
              <span data-testid="server-pins" data-count={pinned}>
                Pinned · {plural(pinned, 'node', 'nodes')}
              </span>
            ) : (
              <span className="text-warn" data-testid="server-pins" data-count="0">
                Pinned · none accepted yet
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="server-status" data-tone={health.tone}>
            <span className={`status-dot status-dot--${health.tone}`} aria-hidden="true" />
            {health.label}
            {server.lastHealthAt && (
              <span className="muted">
                {' '}
                · checked <Timestamp iso={server.lastHealthAt} relative />
              </span>
            )}
            {' · '}
            <Link href={healthHref} data-testid="server-health-link" aria-label={`Health of ${server.name}`}>
              Health
            </Link>
            {apiHref && (
              <>
                {' · '}
                <Link href={apiHref} data-testid="server-api-link" aria-label={`Proxmox API of ${server.name}`}>
                  API
                </Link>
              </>
            )}
          </dd>
        </div>
      </dl>

      {lastTest && <LastTestLine test={lastTest} />}

      {canWrite && (
        <footer className="server-card__actions">
          <button type="button" className="btn btn--sm" onClick={onTest} aria-label={`Test ${server.name}`}>
            Test
          </button>
          <button type="button" className="btn btn--sm" onClick={onEdit} aria-label={`Edit ${server.name}`}>
            Edit
          </button>
          <button type="button" className="btn btn--sm btn--danger-ghost server-card__delete" onClick={onDelete} aria-label={`Delete ${server.name}`}>
            Delete
          </button>
        </footer>
      )}
    </article>
  );
}

function LastTestLine({ test }: { test: LastTest }) {
  const { result } = test;
  const when = formatRelative(test.at);
  if (result.ok) {
    return (
      <p className="server-card__test server-card__test--ok" data-testid="server-last-test" data-ok="true">
        Last test {when}: connected, Proxmox VE {result.version}, {plural(result.nodes.length, 'node', 'nodes')}, {Math.round(result.latencyMs)} ms
      </p>
    );
  }
  return (
    <p className="server-card__test server-card__test--bad" data-testid="server-last-test" data-ok="false">
      Last test {when}: {describeFailure(result.reason, result.endpoint).title.toLowerCase()}
    </p>
  );
}
