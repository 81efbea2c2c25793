'use client';

import type { ConsoleSessionView } from '@pve-nexus/contracts';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { TenantPage } from '../tenancy/tenant-page';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { formatByteCount } from '../ui/format.util';
import { EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { usePolling } from '../ui/use-polling';
import { useConfirmedAction } from '../ui/use-confirmed-action';
import { useResource } from '../ui/use-resource';

/** The relays renew their registry every few seconds; refreshing faster would show nothing new. */
const REFRESH_MS = 5_000;

export function ConsoleSessionsPage() {
  return <TenantPage action="console.sessions.manage">{(tenant) => <ConsoleSessions tenant={tenant} />}</TenantPage>;
}

const guestLabel = (session: ConsoleSessionView) => (session.guestName ? `${session.guestName} (${session.vmid})` : String(session.vmid));

/** Who holds which console right now, on any relay replica; tenant admins can end one. */
function ConsoleSessions({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const sessions = useResource(`console-sessions:${tenant.id}`, (signal) => api.listConsoleSessions(tenant.id, signal));
  const { reload } = sessions;

  usePolling(reload, REFRESH_MS);

  const ending = useConfirmedAction(async (session: ConsoleSessionView) => {
    const { ended } = await api.endConsoleSession(tenant.id, session.sessionId);
    sessions.setData((current) => current && { sessions: current.sessions.filter((entry) => entry.sessionId !== session.sessionId) });
    return ended ? `Ended the console of ${guestLabel(session)}. Its viewer was told an administrator ended it.` : `The console of ${guestLabel(session)} had already ended.`;
  });
  const target = ending.target;

  const list = [...(sessions.data?.sessions ?? [])].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  return (
    <section aria-labelledby="console-sessions-title">
      <PageHeader
        id="console-sessions-title"
        title="Live consoles"
        description={
          <>
            Every console open in <strong>{tenant.name}</strong> right now, on any relay replica, refreshed every {REFRESH_MS / 1000} s. Ending one closes its
            browser tab&apos;s connection at once.
          </>
        }
      />
      {ending.message && <Alert tone="success">{ending.message}</Alert>}
      <ErrorAlert error={sessions.error} testId="load-error" />

      <div className="table-wrap">
        <table className="table" aria-label={`Live consoles of ${tenant.name}`} aria-busy={sessions.loading}>
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Server</th>
              <th scope="col">Kind</th>
              <th scope="col">Opened by</th>
              <th scope="col">Since</th>
              <th scope="col">Traffic in / out</th>
              <th scope="col">Relay</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((session) => (
              <tr key={session.sessionId} data-testid="console-session-row" data-session={session.sessionId}>
                <td className="strong">
                  {guestLabel(session)} <span className="muted">{session.guestType === 'qemu' ? 'VM' : 'CT'}</span>
                </td>
                <td>
                  {session.serverName} <span className="muted">/ {session.node}</span>
                </td>
                <td>
                  {session.protocol === 'vnc' ? 'Screen' : 'Terminal'} {session.viewOnly && <Badge tone="warn">View only</Badge>}
                </td>
                <td>
                  <code className="mono">{session.actorId}</code>
                </td>
                <td>
                  <Timestamp iso={session.openedAt} relative />
                </td>
                <td>
                  {formatByteCount(session.bytesIn)} / {formatByteCount(session.bytesOut)}
                </td>
                <td>
                  <code className="mono">{session.replica}</code>
                </td>
                <td className="table__actions">
                  <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => ending.ask(session)}>
                    End
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.data && list.length === 0 && <EmptyState title="No console is open">Consoles opened from the fleet page appear here while they last.</EmptyState>}
        {!sessions.data && sessions.loading && <p className="table__loading">Loading live consoles…</p>}
      </div>

      <ConfirmDialog {...ending.dialog} title="End this console?" confirmLabel="End console">
        <p>
          The console of <strong>{target && guestLabel(target)}</strong> on {target?.serverName}, opened by <code>{target?.actorId}</code>, closes at once. They can open
          a new one if their role still allows it.
        </p>
      </ConfirmDialog>
    </section>
  );
}
