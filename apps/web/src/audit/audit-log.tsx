'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { AuditOutcome, type AuditEntryView, type AuditPage } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { can, type TenantOption } from '../tenancy/permissions';
import { tenantHref, useTenants } from '../tenancy/tenant-provider';
import { ErrorAlert } from '../ui/alert';
import { Badge, type BadgeTone } from '../ui/badges';
import { Field } from '../ui/field';
import { formatRelative, formatTimestamp, shortId } from '../ui/format.util';
import { EmptyState, PageHeader } from '../ui/page-header';
import { useResource } from '../ui/use-resource';
import { summarizeDetails } from './audit-details.util';
import { filtersFromSearch, filtersToSearch, isoToLocalInput, localInputToIso, NO_FILTERS, toQuery, type AuditFilterValues } from './audit-filters.util';
import { VerifyChain } from './verify-chain';

/** Entries per request; "Load more" asks for the next page with the cursor. */
const PAGE_SIZE = 50;
const FILTER_FIELDS = ['action', 'actorId', 'outcome', 'from', 'to'] as const;
const OUTCOME_TONES: Record<AuditOutcome, BadgeTone> = { success: 'ok', failure: 'bad', denied: 'warn' };
const OUTCOME_LABELS: Record<AuditOutcome, string> = { success: 'Success', failure: 'Failure', denied: 'Denied' };

/** Whose chain: one tenant's, or the installation's (sign-ins, users, tenants). */
export type AuditScope = { kind: 'tenant'; tenant: TenantOption } | { kind: 'global' };

/** The audit log of one chain: filters in the URL, newest entries first, more on demand. */
export function AuditLog({ scope }: { scope: AuditScope }) {
  const { user, api } = useSignedIn();
  const { current } = useTenants();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const applied = useMemo(() => filtersFromSearch(new URLSearchParams(search.toString())), [search]);
  const [draft, setDraft] = useState<AuditFilterValues>(applied);
  const [draftKey, setDraftKey] = useState(search.toString());
  // Back/forward and links change the URL: show the filters that are applied.
  if (draftKey !== search.toString()) {
    setDraftKey(search.toString());
    setDraft(applied);
  }

  const tenantId = scope.kind === 'tenant' ? scope.tenant.id : null;
  const key = `audit:${tenantId ?? 'global'}:${filtersToSearch(applied)}`;
  const first = useResource(key, (signal) => api.queryAudit(tenantId, { ...toQuery(applied), limit: PAGE_SIZE }, signal));
  const [more, setMore] = useState<{ key: string; page: AuditPage }>();
  const [moreError, setMoreError] = useState<ApiError>();
  const [loadingMore, setLoadingMore] = useState(false);

  const entries: AuditEntryView[] = [...(first.data?.entries ?? []), ...(more?.key === key ? more.page.entries : [])];
  const nextCursor = more?.key === key ? more.page.nextCursor : first.data?.nextCursor;

  // Names for ids: the tenant's members (tenant admins) or every account (global admins).
  const members = useResource(scope.kind === 'tenant' && can(user, 'member.list', scope.tenant) ? `members:${tenantId}` : null, (signal) => api.listMembers(tenantId!, signal));
  const directory = useResource(can(user, 'user.list') ? 'users' : null, (signal) => api.listUsers(signal));
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const member of members.data?.members ?? []) map.set(member.userId, member.email);
    for (const entry of directory.data?.users ?? []) map.set(entry.id, entry.email);
    return map;
  }, [members.data, directory.data]);

  const apply = (filters: AuditFilterValues) => {
    const query = filtersToSearch(filters);
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(draft);
  };

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.queryAudit(tenantId, { ...toQuery(applied), cursor: nextCursor, limit: PAGE_SIZE });
      setMore((previous) => ({ key, page: { entries: [...(previous?.key === key ? previous.page.entries : []), ...page.entries], nextCursor: page.nextCursor } }));
    } catch (caught) {
      setMoreError(toApiError(caught));
    } finally {
      setLoadingMore(false);
    }
  };

  const filterError = (field: (typeof FILTER_FIELDS)[number]) => first.error?.fieldError(field);
  const activeFilters = FILTER_FIELDS.filter((field) => applied[field] !== '');
  const showScopeTabs = can(user, 'audit.read.global') && current && can(user, 'audit.read', current);
  const queryString = search.toString() ? `?${search.toString()}` : '';

  return (
    <section aria-labelledby="audit-title">
      <PageHeader
        id="audit-title"
        title="Audit log"
        description={
          scope.kind === 'tenant' ? (
            <>
              Everything done in <strong>{scope.tenant.name}</strong>, newest first. Entries are hash-chained: changing or deleting one is detectable.
            </>
          ) : (
            <>Installation-wide events (sign-ins, users, tenants), newest first. Entries are hash-chained: changing or deleting one is detectable.</>
          )
        }
        actions={can(user, 'audit.verify') ? <VerifyChain api={api} /> : undefined}
      />

      {showScopeTabs && (
        <nav className="tabs" aria-label="Audit chain">
          <Link className="tabs__tab" href={`${tenantHref(current, 'audit')}${queryString}`} aria-current={scope.kind === 'tenant' ? 'page' : undefined}>
            Tenant: {current.name}
          </Link>
          <Link className="tabs__tab" href={`/admin/audit${queryString}`} aria-current={scope.kind === 'global' ? 'page' : undefined}>
            Installation
          </Link>
        </nav>
      )}

      <form className="card filters" onSubmit={submit} noValidate aria-label="Filter the audit log" data-testid="audit-filters">
        <Field label="Action" hint="Exact, or a prefix: member.*" error={filterError('action')}>
          <input className="input input--mono" name="action" placeholder="member.*" value={draft.action} onChange={(event) => setDraft({ ...draft, action: event.target.value })} />
        </Field>
        <Field label="Actor id" error={filterError('actorId')}>
          <input className="input input--mono" name="actorId" placeholder="user or API key id" value={draft.actorId} onChange={(event) => setDraft({ ...draft, actorId: event.target.value })} />
        </Field>
        <Field label="Outcome" error={filterError('outcome')}>
          <select className="input" name="outcome" value={draft.outcome} onChange={(event) => setDraft({ ...draft, outcome: event.target.value as AuditFilterValues['outcome'] })}>
            <option value="">Any</option>
            {AuditOutcome.options.map((outcome) => (
              <option key={outcome} value={outcome}>
                {OUTCOME_LABELS[outcome]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From" error={filterError('from')}>
          <input className="input" type="datetime-local" name="from" value={isoToLocalInput(draft.from)} onChange={(event) => setDraft({ ...draft, from: localInputToIso(event.target.value) })} />
        </Field>
        <Field label="To" error={filterError('to')}>
          <input className="input" type="datetime-local" name="to" value={isoToLocalInput(draft.to)} onChange={(event) => setDraft({ ...draft, to: localInputToIso(event.target.value) })} />
        </Field>
        <div className="filters__actions">
          <button type="submit" className="btn btn--primary">
            Apply filters
          </button>
          <button
            type="button"
            className="btn"
            disabled={activeFilters.length === 0 && filtersToSearch(draft) === ''}
            onClick={() => {
              setDraft(NO_FILTERS);
              apply(NO_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
      </form>

      <div className="result-bar">
        <p className="muted" data-testid="audit-summary" aria-live="polite">
          {first.loading && !first.data ? 'Loading…' : `${entries.length}${nextCursor ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}`}
          {activeFilters.length > 0 && ' matching '}
        </p>
        {activeFilters.length > 0 && (
          <ul className="chips" aria-label="Applied filters" data-testid="active-filters">
            {activeFilters.map((field) => (
              <li key={field} className="chip" data-filter={field}>
                <span className="chip__name">{field}</span> {field === 'from' || field === 'to' ? formatTimestamp(applied[field]) : applied[field]}
              </li>
            ))}
          </ul>
        )}
      </div>

      <ErrorAlert error={first.error} shownFields={FILTER_FIELDS} testId="load-error" />

      <div className="table-wrap">
        <table className="table table--audit" aria-label="Audit entries" aria-busy={first.loading}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-outcome={entry.outcome}>
                <td className="nowrap">
                  <time dateTime={entry.createdAt} title={formatRelative(entry.createdAt)}>
                    {formatTimestamp(entry.createdAt)}
                  </time>
                  <div className="muted mono small">#{entry.seq}</div>
                </td>
                <td>
                  <code className="mono strong">{entry.action}</code>
                </td>
                <td>
                  <Badge tone={OUTCOME_TONES[entry.outcome]}>{OUTCOME_LABELS[entry.outcome]}</Badge>
                </td>
                <td>
                  <ActorCell entry={entry} names={names} onFilter={(actorId) => apply({ ...applied, actorId })} />
                </td>
                <td>
                  {entry.targetType ? (
                    <span className="target" title={entry.targetId ?? undefined}>
                      <span className="target__type">{entry.targetType}</span>
                      <span className="nowrap">{entry.targetId ? (names.get(entry.targetId) ?? shortId(entry.targetId)) : ''}</span>
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="details-cell">
                  <span className="details-cell__text" title={JSON.stringify(entry.details, null, 2)}>
                    {summarizeDetails(entry.details) || <span className="muted">—</span>}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {first.data && entries.length === 0 && (
          <EmptyState title={activeFilters.length > 0 ? 'No entries match these filters' : 'No entries yet'}>
            {activeFilters.length > 0 ? 'Widen the date range or clear a filter.' : 'Actions in this tenant will appear here.'}
          </EmptyState>
        )}
      </div>

      <ErrorAlert error={moreError} testId="load-more-error" />
      {nextCursor && (
        <div className="load-more">
          <button type="button" className="btn" onClick={loadMore} disabled={loadingMore} data-testid="load-more">
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function ActorCell({ entry, names, onFilter }: { entry: AuditEntryView; names: Map<string, string>; onFilter: (actorId: string) => void }) {
  const label =
    entry.actorType === 'user'
      ? (names.get(entry.actorId) ?? shortId(entry.actorId))
      : entry.actorType === 'api-key'
        ? `API key ${shortId(entry.actorId)}`
        : entry.actorType === 'anonymous'
          ? 'Anonymous'
          : entry.actorId;
  if (entry.actorType !== 'user' && entry.actorType !== 'api-key') return <span className="muted">{label}</span>;
  return (
    <button type="button" className="link-button nowrap" title={`${entry.actorId}: show only this actor`} onClick={() => onFilter(entry.actorId)}>
      {label}
    </button>
  );
}
