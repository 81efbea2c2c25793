'use client';

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DomainEvent, FleetList, GuestView, TaskProgressData } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import type { TenantOption } from '../tenancy/permissions';
import { consoleHref } from '../console/console-target.util';
import { TenantPage } from '../tenancy/tenant-page';
import { useTenants } from '../tenancy/tenant-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge, type BadgeTone } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field } from '../ui/field';
import { ClearFilters, FilterSelect } from '../ui/filter-select';
import { ConsoleIcon } from '../ui/icons';
import { formatByteCount } from '../ui/format.util';
import { EmptyState, PageHeader } from '../ui/page-header';
import { usePolling } from '../ui/use-polling';
import { useResource } from '../ui/use-resource';
import {
  ACTION_EFFECTS,
  ACTION_LABELS,
  actionsFor,
  distinct,
  filterGuests,
  guestKey,
  NO_FLEET_FILTERS,
  sortGuests,
  visibleWindow,
  type FleetFilters,
  type PowerAction,
  type Sort,
  type SortKey,
} from './fleet-view.util';
import { shownServers, type LiveServerStatus, type ShownServer } from './server-status.util';
import { LiveBadge } from './live-badge';
import { useTenantEvents } from './use-tenant-events';

/** Every row has this height, so the scroll position maps to row indexes without measuring. */
const ROW_HEIGHT = 44;
/** The list is fetched again this often while the tab is visible, in ms. */
const AUTO_REFRESH_MS = 30_000;

/** A power action started from this page: its task id once the API answered. */
interface RowTask {
  action: PowerAction;
  upid?: string;
  error?: ApiError;
}

type Confirm = { guest: GuestView; action: PowerAction };

const STATUS_TONES: Record<string, BadgeTone> = { running: 'ok', stopped: 'neutral', paused: 'warn', suspended: 'warn' };

const COLUMNS: Array<{ key: SortKey; label: string; width: string }> = [
  { key: 'name', label: 'Name', width: '19%' },
  { key: 'status', label: 'State', width: '9%' },
  { key: 'serverName', label: 'Server', width: '11%' },
  { key: 'node', label: 'Node', width: '8%' },
  { key: 'cpu', label: 'CPU', width: '7%' },
  { key: 'mem', label: 'Memory', width: '13%' },
  { key: 'uptime', label: 'Uptime', width: '8%' },
];

export function FleetPage() {
  return <TenantPage action="vm.read">{(tenant) => <Fleet tenant={tenant} />}</TenantPage>;
}

/** Every guest of every server of the tenant, live: power actions for managers, state from the event stream. */
function Fleet({ tenant }: { tenant: TenantOption }) {
  const { api } = useSignedIn();
  const { can } = useTenants();
  const canOperate = can('vm.operate');
  const canConsole = can('console.view');
  const list = useResource(`fleet:${tenant.id}`, (signal) => api.fleet(tenant.id, signal));
  const { reload, setData } = list;
  const [filters, setFilters] = useState<FleetFilters>(NO_FLEET_FILTERS);
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'asc' });
  const [rowTasks, setRowTasks] = useState<Record<string, RowTask>>({});
  const [tasks, setTasks] = useState<Record<string, TaskProgressData>>({});
  const [confirm, setConfirm] = useState<Confirm>();
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ApiError>();
  const [fetchedAt, setFetchedAt] = useState<number>();
  const [liveStatus, setLiveStatus] = useState<Record<string, LiveServerStatus>>({});

  // When a fetch ends, not when an event patches the rows: server events are newer than the list or not.
  useEffect(() => {
    if (!list.loading) setFetchedAt(Date.now());
  }, [list.loading]);

  usePolling(reload, AUTO_REFRESH_MS);

  const onEvent = useCallback(
    (event: DomainEvent) => {
      if (event.kind === 'task.progress') {
        setTasks((previous) => ({ ...previous, [event.data.upid]: event.data }));
      } else if (event.kind === 'vm.state') {
        const { serverId, vmid, status } = event.data;
        setData((current: FleetList | undefined) =>
          current && { ...current, guests: current.guests.map((guest) => (guest.serverId === serverId && guest.vmid === vmid ? { ...guest, status, ...(status === 'stopped' ? { uptime: 0, cpu: 0 } : {}) } : guest)) },
        );
      } else if (event.kind === 'server.status') {
        const data = event.data;
        setLiveStatus((previous) => ({ ...previous, [data.serverId]: { data, receivedAt: Date.now() } }));
      }
    },
    [setData],
  );
  const stream = useTenantEvents(tenant.id, onEvent);

  const guests = useMemo(() => list.data?.guests ?? [], [list.data]);
  const shown = useMemo(() => sortGuests(filterGuests(guests, filters), sort), [guests, filters, sort]);
  const options = useMemo(
    () => ({
      nodes: distinct(filters.serverId ? guests.filter((guest) => guest.serverId === filters.serverId) : guests, (guest) => guest.node),
      statuses: distinct(guests, (guest) => guest.status),
      tags: distinct(guests, (guest) => guest.tags),
    }),
    [guests, filters.serverId],
  );
  const servers = useMemo(() => shownServers(list.data?.servers ?? [], liveStatus, fetchedAt), [list.data, liveStatus, fetchedAt]);
  const failed = servers.filter((server) => server.status === 'error');
  // A server that answers again has no guests in the list yet: read it again.
  const recovered = servers.some((server) => server.recovered);
  useEffect(() => {
    if (recovered) reload();
  }, [recovered, reload]);

  const run = async () => {
    if (!confirm) return;
    const { guest, action } = confirm;
    const key = guestKey(guest);
    setBusy(true);
    setDialogError(undefined);
    try {
      // The body's union ties the action to the guest type; actionsFor only offers valid pairs.
      const body = guest.type === 'qemu' ? { type: 'qemu' as const, action } : { type: 'lxc' as const, action: action as 'start' | 'stop' | 'shutdown' | 'reboot' };
      const { upid } = await api.guestAction(tenant.id, guest.serverId, guest.node, guest.vmid, body);
      setRowTasks((previous) => ({ ...previous, [key]: { action, upid } }));
      setConfirm(undefined);
    } catch (caught) {
      const error = toApiError(caught);
      // A refusal (409: "VM 100 not running") is shown in the dialog; the list may be stale, so reload it.
      setDialogError(error);
      if (error.status === 409) reload();
    } finally {
      setBusy(false);
    }
  };

  const toggleSort = (key: SortKey) => setSort((previous) => ({ key, direction: previous.key === key && previous.direction === 'asc' ? 'desc' : 'asc' }));

  return (
    <section aria-labelledby="fleet-title">
      <PageHeader
        id="fleet-title"
        title="Fleet"
        description={
          <>
            Every virtual machine and container on the servers of <strong>{tenant.name}</strong>.
          </>
        }
        actions={
          <div className="toolbar" role="toolbar" aria-label="Fleet actions">
            <LiveBadge state={stream} title="Guest states, tasks and server status update from the event stream" />
            <button type="button" className="btn" onClick={reload} disabled={list.loading} data-testid="fleet-refresh">
              {list.loading && list.data ? 'Refreshing…' : 'Refresh'}
            </button>
          </div>
        }
      />

      <ErrorAlert error={list.error} testId="load-error" />
      {failed.map((server) => (
        <ServerDown key={server.serverId} server={server} />
      ))}

      <form className="card filters fleet-filters" aria-label="Filter the guests" onSubmit={(event) => event.preventDefault()} data-testid="fleet-filters">
        <Field label="Search">
          <input className="input" type="search" placeholder="Name or VMID" value={filters.search} onChange={(event) => setFilters({ ...filters, search: event.target.value })} />
        </Field>
        <Field label="Server">
          <select className="input" value={filters.serverId} onChange={(event) => setFilters({ ...filters, serverId: event.target.value, node: '' })}>
            <option value="">All servers</option>
            {list.data?.servers.map((server) => (
              <option key={server.serverId} value={server.serverId}>
                {server.name}
              </option>
            ))}
          </select>
        </Field>
        <FilterSelect label="Node" value={filters.node} anyLabel="All nodes" options={options.nodes} onChange={(node) => setFilters({ ...filters, node })} />
        <FilterSelect label="State" value={filters.status} anyLabel="Any state" options={options.statuses} onChange={(status) => setFilters({ ...filters, status })} />
        <FilterSelect label="Tag" value={filters.tag} anyLabel="Any tag" options={options.tags} onChange={(tag) => setFilters({ ...filters, tag })} />
        <ClearFilters onClear={() => setFilters(NO_FLEET_FILTERS)} />
      </form>

      {list.data && (
        <div className="result-bar">
          <p data-testid="fleet-count" data-total={guests.length} data-shown={shown.length}>
            <strong>{guests.length}</strong> {guests.length === 1 ? 'guest' : 'guests'} on {list.data.servers.length} {list.data.servers.length === 1 ? 'server' : 'servers'}
            {shown.length !== guests.length && <> · {shown.length} shown</>}
          </p>
          {list.data && fetchedAt && <p className="muted">· updated {new Date(fetchedAt).toLocaleTimeString()} · refreshes every 30 s</p>}
        </div>
      )}

      {!list.data && list.loading && (
        <div className="loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          <span>Asking every server for its guests…</span>
        </div>
      )}

      {list.data && shown.length === 0 && (
        <EmptyState title={guests.length === 0 ? 'No guests yet' : 'No guest matches the filters'}>
          {guests.length === 0 ? 'The servers of this tenant have no virtual machines or containers, or none answered.' : 'Change or clear the filters.'}
        </EmptyState>
      )}

      {shown.length > 0 && (
        <GuestTable
          guests={shown}
          sort={sort}
          onSort={toggleSort}
          canOperate={canOperate}
          consoleTenant={canConsole ? tenant.slug : undefined}
          rowTasks={rowTasks}
          tasks={tasks}
          busy={list.loading}
          onAction={(guest, action) => {
            setDialogError(undefined);
            setConfirm({ guest, action });
          }}
        />
      )}

      <ConfirmDialog
        open={confirm !== undefined}
        title={confirm ? `${ACTION_LABELS[confirm.action]} ${confirm.guest.name}?` : ''}
        confirmLabel={confirm ? ACTION_LABELS[confirm.action] : 'OK'}
        tone={confirm && ['start', 'resume'].includes(confirm.action) ? 'primary' : 'danger'}
        busy={busy}
        error={dialogError}
        onCancel={() => setConfirm(undefined)}
        onConfirm={run}
      >
        {confirm && (
          <p>
            {ACTION_LABELS[confirm.action]} of <strong>{confirm.guest.name}</strong> ({confirm.guest.type === 'qemu' ? 'VM' : 'CT'} {confirm.guest.vmid} on {confirm.guest.serverName} / {confirm.guest.node}){' '}
            {ACTION_EFFECTS[confirm.action]}
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** A server that does not answer: as the last list found it, or as a health check found it since. */
function ServerDown({ server }: { server: ShownServer }) {
  const reason = server.error?.reason ?? 'error';
  const listed = server.source === 'list';
  // Its certificate is not an accepted one: nothing was sent to it, a person must accept (or refuse) it.
  const untrusted = reason === 'tls-pin-mismatch';
  const title = untrusted ? `${server.name} is not trusted: its certificate is not accepted` : listed ? `${server.name} did not answer` : `${server.name} stopped answering`;
  return (
    <Alert tone="error" title={title} testId="server-error">
      <p className="notice__text" data-server={server.name} data-source={server.source} data-reason={reason} data-untrusted={untrusted || undefined}>
        {server.error?.message ?? 'Unknown error'}{' '}
        <span className="muted">{listed ? `(${reason}, after ${Math.round(server.latencyMs ?? 0)} ms)` : `(${reason}, health check)`}</span>.{' '}
        {listed ? 'Its guests are missing from the list; the other servers are shown.' : 'Its guests below are as last listed; they are read again once it answers.'}
      </p>
    </Alert>
  );
}

interface GuestTableProps {
  guests: GuestView[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  canOperate: boolean;
  /** The tenant's slug when the user may open consoles (viewers too: theirs are view-only). */
  consoleTenant: string | undefined;
  rowTasks: Record<string, RowTask>;
  tasks: Record<string, TaskProgressData>;
  busy: boolean;
  onAction: (guest: GuestView, action: PowerAction) => void;
}

/**
 * The rows are virtualized: only the visible window (plus a margin) is in the DOM, between two
 * spacer rows that keep the scroll height, so ten thousand guests scroll as smoothly as ten.
 */
function GuestTable({ guests, sort, onSort, canOperate, consoleTenant, rowTasks, tasks, busy, onAction }: GuestTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const { start, end } = visibleWindow(scrollTop, viewport, ROW_HEIGHT, guests.length);
  const columns = COLUMNS.length + 2 + (consoleTenant ? 1 : 0) + (canOperate ? 1 : 0);

  return (
    <div className="table-wrap fleet-scroll" ref={scroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} data-testid="fleet-scroll">
      <table className="table fleet-table" aria-rowcount={guests.length + 1} aria-busy={busy} data-testid="fleet-table">
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
          <col style={{ width: '9%' }} />
          <col style={{ width: '13%' }} />
          {consoleTenant && <col style={{ width: '3.75rem' }} />}
          {canOperate && <col style={{ width: '23rem' }} />}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <th key={column.key} aria-sort={sort.key === column.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
                  {column.label}
                  <span aria-hidden="true" className="sort-button__arrow">
                    {sort.key === column.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
            <th>Tags</th>
            <th>Task</th>
            {consoleTenant && (
              <th className="fleet-console">
                <span className="visually-hidden">Console</span>
              </th>
            )}
            {canOperate && <th className="table__actions">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {start > 0 && (
            <tr aria-hidden="true" className="fleet-spacer">
              <td colSpan={columns} style={{ height: start * ROW_HEIGHT }} />
            </tr>
          )}
          {guests.slice(start, end).map((guest, offset) => {
            const key = guestKey(guest);
            return (
              <GuestRow
                key={key}
                guest={guest}
                index={start + offset + 2}
                canOperate={canOperate}
                consoleTenant={consoleTenant}
                rowTask={rowTasks[key]}
                tasks={tasks}
                onAction={onAction}
              />
            );
          })}
          {end < guests.length && (
            <tr aria-hidden="true" className="fleet-spacer">
              <td colSpan={columns} style={{ height: (guests.length - end) * ROW_HEIGHT }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A console shows a running (or paused) guest; Proxmox refuses one for a stopped VM. */
const hasConsole = (guest: GuestView) => !guest.template && (guest.status === 'running' || guest.status === 'paused');

const percent = (value: number) => `${Math.round(value * 100)}%`;

function formatUptime(seconds: number): string {
  if (seconds <= 0) return '—';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`;
}

function GuestRow({ guest, index, canOperate, consoleTenant, rowTask, tasks, onAction }: {
  guest: GuestView;
  index: number;
  canOperate: boolean;
  consoleTenant: string | undefined;
  rowTask: RowTask | undefined;
  tasks: Record<string, TaskProgressData>;
  onAction: (guest: GuestView, action: PowerAction) => void;
}) {
  const task = rowTask?.upid ? tasks[rowTask.upid] : undefined;
  const taskRunning = rowTask !== undefined && !rowTask.error && task?.status !== 'stopped';
  return (
    <tr aria-rowindex={index} data-testid="guest-row" data-vmid={guest.vmid} data-server={guest.serverName} data-status={guest.status} style={{ height: ROW_HEIGHT }}>
      <td className="fleet-cell">
        <span className="fleet-name" title={guest.name}>
          {guest.name}
        </span>
        <span className="muted mono fleet-vmid">
          {guest.type === 'qemu' ? 'VM' : 'CT'} {guest.vmid}
          {guest.template ? ' · template' : ''}
        </span>
      </td>
      <td className="fleet-cell" data-testid="guest-status">
        <Badge tone={STATUS_TONES[guest.status] ?? 'info'}>{guest.status}</Badge>
      </td>
      <td className="fleet-cell" title={guest.serverName}>
        {guest.serverName}
      </td>
      <td className="fleet-cell">{guest.node}</td>
      <td className="fleet-cell">{guest.status === 'running' ? percent(guest.cpu) : '—'}</td>
      <td className="fleet-cell">{guest.maxmem > 0 ? `${formatByteCount(guest.mem)} / ${formatByteCount(guest.maxmem)}` : '—'}</td>
      <td className="fleet-cell">{formatUptime(guest.uptime)}</td>
      <td className="fleet-cell" title={guest.tags.join(', ')}>
        {guest.tags.map((tag) => (
          <span key={tag} className="pill pill--neutral fleet-tag">
            {tag}
          </span>
        ))}
      </td>
      <td className="fleet-cell">
        <TaskState rowTask={rowTask} task={task} />
      </td>
      {consoleTenant && (
        <td className="fleet-cell fleet-console">
          {hasConsole(guest) && (
            // A tab of its own, as Proxmox opens consoles: the dashboard stays, several consoles can be open.
            <a className="btn btn--sm" href={consoleHref(consoleTenant, guest)} target="_blank" rel="noopener" aria-label={`Open the console of ${guest.name}`} title="Console (new tab)">
              <ConsoleIcon />
            </a>
          )}
        </td>
      )}
      {canOperate && (
        <td className="fleet-cell table__actions">
          {actionsFor(guest).map((action) => (
            <button
              key={action}
              type="button"
              className={`btn btn--sm${action === 'stop' ? ' btn--danger-ghost' : ''}`}
              disabled={taskRunning}
              onClick={() => onAction(guest, action)}
              aria-label={`${ACTION_LABELS[action]} ${guest.name}`}
            >
              {ACTION_LABELS[action]}
            </button>
          ))}
        </td>
      )}
    </tr>
  );
}

function TaskState({ rowTask, task }: { rowTask: RowTask | undefined; task: TaskProgressData | undefined }) {
  if (!rowTask) return null;
  const label = ACTION_LABELS[rowTask.action];
  if (rowTask.error) {
    return (
      <span className="text-bad" data-testid="row-task" data-state="failed" title={rowTask.error.detail}>
        {label} failed
      </span>
    );
  }
  if (!task || task.status === 'running') {
    return (
      <span className="fleet-task" data-testid="row-task" data-state="running" title={rowTask.upid}>
        <span className="spinner spinner--sm" aria-hidden="true" /> {label} running…
      </span>
    );
  }
  return task.ok ? (
    <span className="text-ok" data-testid="row-task" data-state="done" title={rowTask.upid}>
      {label} done
    </span>
  ) : (
    <span className="text-bad" data-testid="row-task" data-state="failed" title={`${task.exitStatus ?? ''} ${rowTask.upid ?? ''}`}>
      {label} failed{task.exitStatus ? `: ${task.exitStatus}` : ''}
    </span>
  );
}
