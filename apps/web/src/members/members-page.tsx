'use client';

import { useState, type FormEvent } from 'react';
import { TenantRole, type MemberView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSessionManager, useSignedIn } from '../session/session-provider';
import { can, ROLE_LABELS, type TenantOption } from '../tenancy/permissions';
import { TenantInvitations } from '../invitations/tenant-invitations';
import { TenantPage } from '../tenancy/tenant-page';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Field } from '../ui/field';
import { EmptyState, PageHeader } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';

const ROLE_HINTS: Record<TenantRole, string> = {
  viewer: 'reads everything, changes nothing',
  manager: 'operates servers, VMs and consoles',
  admin: 'also manages members, API keys and settings',
};

export function MembersPage() {
  return <TenantPage action="member.list">{(tenant) => <Members tenant={tenant} />}</TenantPage>;
}

type Pending = { kind: 'remove'; member: MemberView } | { kind: 'demote-self'; member: MemberView; role: TenantRole };

/** Who belongs to the tenant and with which role (tenant admins). */
function Members({ tenant }: { tenant: TenantOption }) {
  const [invited, setInvited] = useState(0);
  const { user: me, api } = useSignedIn();
  const manager = useSessionManager();
  const members = useResource(`members:${tenant.id}`, (signal) => api.listMembers(tenant.id, signal));
  // Global admins may pick from every account rather than type an address.
  const directory = useResource(can(me, 'user.list') ? 'users' : null, (signal) => api.listUsers(signal));

  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantRole>('viewer');
  const [addError, setAddError] = useState<ApiError>();
  const [adding, setAdding] = useState(false);
  const [busyId, setBusyId] = useState<string>();
  const [rowError, setRowError] = useState<{ userId: string; error: ApiError }>();
  const [pending, setPending] = useState<Pending>();
  const [dialogError, setDialogError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();

  const upsert = (saved: MemberView) =>
    members.setData((current) => {
      if (!current) return current;
      const exists = current.members.some((entry) => entry.userId === saved.userId);
      return { members: exists ? current.members.map((entry) => (entry.userId === saved.userId ? saved : entry)) : [...current.members, saved] };
    });

  // Changing one's own membership changes what the console may show: reload the session's tenants.
  const afterOwnChange = (userId: string) => (userId === me.id ? manager.reloadUser().catch(() => undefined) : undefined);

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAdding(true);
    setAddError(undefined);
    setMessage(undefined);
    try {
      const known = members.data?.members.some((entry) => entry.email === email.trim().toLowerCase());
      const answer = await api.putMember(tenant.id, { email: email.trim(), role });
      setEmail('');
      if ('invitation' in answer) {
        // A tenant admin invites: the person joins once they accept (the answer never says whether they have an account).
        const { invitation } = answer;
        setMessage(`Invited ${invitation.email} as ${ROLE_LABELS[invitation.role]}: they join ${tenant.name} when they accept, after signing in.`);
        setInvited((count) => count + 1);
        return;
      }
      const { member } = answer;
      upsert(member);
      setMessage(known ? `${member.email} is now ${ROLE_LABELS[member.role]}.` : `Added ${member.email} as ${ROLE_LABELS[member.role]}.`);
      await afterOwnChange(member.userId);
    } catch (caught) {
      setAddError(toApiError(caught));
    } finally {
      setAdding(false);
    }
  };

  const saveRole = async (member: MemberView, next: TenantRole): Promise<ApiError | undefined> => {
    setBusyId(member.userId);
    setRowError(undefined);
    setMessage(undefined);
    try {
      const answer = await api.putMember(tenant.id, { email: member.email, role: next });
      // The person is a member already: the answer is the membership, never an invitation.
      if (!('member' in answer)) return undefined;
      const saved = answer.member;
      upsert(saved);
      setMessage(`${saved.displayName} is now ${ROLE_LABELS[saved.role]} in ${tenant.name}.`);
      await afterOwnChange(saved.userId);
      return undefined;
    } catch (caught) {
      return toApiError(caught);
    } finally {
      setBusyId(undefined);
    }
  };

  const changeRole = async (member: MemberView, next: TenantRole) => {
    if (member.userId === me.id && member.role === 'admin' && next !== 'admin' && me.globalRole !== 'admin') {
      setPending({ kind: 'demote-self', member, role: next });
      return;
    }
    const error = await saveRole(member, next);
    if (error) setRowError({ userId: member.userId, error });
  };

  const confirm = async () => {
    if (!pending) return;
    setDialogError(undefined);
    if (pending.kind === 'demote-self') {
      const error = await saveRole(pending.member, pending.role);
      if (error) setDialogError(error);
      else setPending(undefined);
      return;
    }
    const target = pending.member;
    setBusyId(target.userId);
    try {
      await api.removeMember(tenant.id, target.userId);
      members.setData((current) => current && { members: current.members.filter((entry) => entry.userId !== target.userId) });
      setMessage(`Removed ${target.email} from ${tenant.name}.`);
      setPending(undefined);
      await afterOwnChange(target.userId);
    } catch (caught) {
      setDialogError(toApiError(caught));
    } finally {
      setBusyId(undefined);
    }
  };

  const list = members.data?.members ?? [];
  const suggestions = (directory.data?.users ?? []).filter((entry) => entry.active && !list.some((member) => member.userId === entry.id));
  return (
    <section aria-labelledby="members-title">
      <PageHeader id="members-title" title="Members" description={<>Who can work in <strong>{tenant.name}</strong>, and with which role.</>} />

      <form className="card inline-form" onSubmit={add} noValidate aria-label="Add a member" data-testid="add-member-form">
        <Field label="E-mail of an existing user" error={addError?.fieldError('email')} className="inline-form__grow">
          <input
            className="input"
            type="email"
            name="email"
            list={suggestions.length > 0 ? 'member-suggestions' : undefined}
            autoComplete="off"
            placeholder="name@example.com"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        {suggestions.length > 0 && (
          <datalist id="member-suggestions">
            {suggestions.map((entry) => (
              <option key={entry.id} value={entry.email}>
                {entry.displayName}
              </option>
            ))}
          </datalist>
        )}
        <Field label="Role" error={addError?.fieldError('role')}>
          <select className="input" name="role" value={role} onChange={(event) => setRole(event.target.value as TenantRole)}>
            {TenantRole.options.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}: {ROLE_HINTS[option]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn btn--primary inline-form__submit" disabled={adding || !email.trim()}>
          {adding ? 'Adding…' : 'Add member'}
        </button>
      </form>
      <ErrorAlert error={addError} shownFields={['email', 'role']} testId="add-member-error" />

      {message && (
        <Alert tone="success" testId="members-message">
          {message}
        </Alert>
      )}
      <ErrorAlert error={members.error} testId="load-error" />

      <div className="table-wrap">
        <table className="table" aria-label={`Members of ${tenant.name}`} aria-busy={members.loading}>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">Member since</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((member) => {
              const busy = busyId === member.userId;
              return (
                <tr key={member.userId} data-testid="member-row" data-email={member.email} data-role={member.role}>
                  <td>
                    <div className="who">
                      <span className="who__name">
                        {member.displayName}
                        {member.userId === me.id && <span className="muted"> (you)</span>}
                      </span>
                      <span className="who__email">{member.email}</span>
                    </div>
                    {rowError?.userId === member.userId && <p className="row-error" role="alert">{rowError.error.detail}</p>}
                  </td>
                  <td>
                    <div className="inline-save">
                      <select
                        className="input input--compact"
                        aria-label={`Role of ${member.email}`}
                        data-testid="member-role"
                        value={member.role}
                        disabled={busy}
                        onChange={(event) => changeRole(member, event.target.value as TenantRole)}
                      >
                        {TenantRole.options.map((option) => (
                          <option key={option} value={option}>
                            {ROLE_LABELS[option]}
                          </option>
                        ))}
                      </select>
                      {busy && <span className="muted inline-save__state">Saving…</span>}
                    </div>
                  </td>
                  <td>{member.active ? <Badge tone="ok">Active</Badge> : <Badge tone="bad">Deactivated</Badge>}</td>
                  <td>
                    <Timestamp iso={member.createdAt} />
                  </td>
                  <td className="table__actions">
                    <button type="button" className="btn btn--sm btn--danger-ghost" disabled={busy} onClick={() => setPending({ kind: 'remove', member })}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {members.data && list.length === 0 && <EmptyState title="No members yet">Add people by the e-mail of their account.</EmptyState>}
        {!members.data && members.loading && <p className="table__loading">Loading members…</p>}
      </div>
      <TenantInvitations tenantId={tenant.id} version={invited} />

      <ConfirmDialog
        open={pending !== undefined}
        title={pending?.kind === 'remove' ? 'Remove member?' : 'Give up your admin role?'}
        confirmLabel={pending?.kind === 'remove' ? 'Remove member' : `Become ${pending ? ROLE_LABELS[pending.kind === 'demote-self' ? pending.role : 'viewer'] : ''}`}
        busy={busyId !== undefined}
        error={dialogError}
        onCancel={() => {
          setPending(undefined);
          setDialogError(undefined);
        }}
        onConfirm={confirm}
      >
        {pending?.kind === 'remove' && (
          <p>
            <strong>{pending.member.email}</strong> loses access to {tenant.name} at once. Their account stays; you can add them again later.
          </p>
        )}
        {pending?.kind === 'demote-self' && <p>You will no longer manage the members, API keys and settings of {tenant.name}, and you cannot undo this yourself.</p>}
      </ConfirmDialog>
    </section>
  );
}
