'use client';

import { useState } from 'react';
import type { GlobalRole, UpdateUserBody, UserView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { can } from '../tenancy/permissions';
import { Alert, ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badges';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { AccessDenied, EmptyState, PageHeader } from '../ui/page-header';
import { SecretReveal } from '../ui/secret-reveal';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';
import { CreateUserForm, type CreatedUser } from './create-user-form';

type Pending =
  | { kind: 'delete'; user: UserView }
  | { kind: 'deactivate'; user: UserView }
  | { kind: 'promote'; user: UserView };

/** Installation-wide accounts (global admins). */
export function UsersPage() {
  const { user } = useSignedIn();
  if (!can(user, 'user.list')) return <AccessDenied>Only global administrators manage user accounts.</AccessDenied>;
  return <UsersAdmin />;
}

function UsersAdmin() {
  const { user: me, api } = useSignedIn();
  const users = useResource('users', (signal) => api.listUsers(signal));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedUser>();
  const [pending, setPending] = useState<Pending>();
  const [busyId, setBusyId] = useState<string>();
  const [dialogError, setDialogError] = useState<ApiError>();
  const [rowError, setRowError] = useState<{ userId: string; error: ApiError }>();
  const [message, setMessage] = useState<string>();

  const replace = (updated: UserView) =>
    users.setData((current) => current && { users: current.users.map((entry) => (entry.id === updated.id ? updated : entry)) });

  /** Saves one change; the error is returned for the caller to show (in the row or the dialog). */
  const update = async (target: UserView, changes: UpdateUserBody, done: string): Promise<ApiError | undefined> => {
    setBusyId(target.id);
    setRowError(undefined);
    setMessage(undefined);
    try {
      replace((await api.updateUser(target.id, changes)).user);
      setMessage(done);
      return undefined;
    } catch (caught) {
      return toApiError(caught);
    } finally {
      setBusyId(undefined);
    }
  };

  const updateInRow = async (target: UserView, changes: UpdateUserBody, done: string) => {
    const error = await update(target, changes, done);
    if (error) setRowError({ userId: target.id, error });
  };

  const changeRole = (target: UserView, globalRole: GlobalRole) => {
    if (globalRole === 'admin') setPending({ kind: 'promote', user: target });
    else void updateInRow(target, { globalRole }, `${target.displayName} is no longer a global administrator.`);
  };

  const confirm = async () => {
    if (!pending) return;
    const target = pending.user;
    setDialogError(undefined);
    if (pending.kind === 'delete') {
      setBusyId(target.id);
      try {
        await api.deleteUser(target.id);
        users.setData((current) => current && { users: current.users.filter((entry) => entry.id !== target.id) });
        setMessage(`Deleted ${target.email}.`);
        setPending(undefined);
      } catch (caught) {
        setDialogError(toApiError(caught));
      } finally {
        setBusyId(undefined);
      }
      return;
    }
    const error =
      pending.kind === 'deactivate'
        ? await update(target, { active: false }, `${target.displayName} is deactivated and can no longer sign in.`)
        : await update(target, { globalRole: 'admin' }, `${target.displayName} is now a global administrator.`);
    if (error) setDialogError(error);
    else setPending(undefined);
  };

  const list = users.data?.users ?? [];
  return (
    <section aria-labelledby="users-title">
      <PageHeader
        id="users-title"
        title="Users"
        description="Every account of this installation. Access to a tenant is granted on its Members page."
        actions={
          !creating && !created && (
            <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
              New user
            </button>
          )
        }
      />

      {created && (
        <SecretReveal
          title={`One-time password for ${created.user.email}`}
          secret={created.oneTimePassword ?? ''}
          testId="one-time-password"
          onDismiss={() => setCreated(undefined)}
        >
          Give it to {created.user.displayName} over a trusted channel. They must replace it when they first sign in.
        </SecretReveal>
      )}
      {creating && (
        <CreateUserForm
          api={api}
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            users.setData((current) => current && { users: [...current.users, result.user] });
            if (result.oneTimePassword) setCreated(result);
            else setMessage(`Created ${result.user.email}.`);
          }}
        />
      )}

      {message && <Alert tone="success">{message}</Alert>}
      <ErrorAlert error={users.error} testId="load-error" />

      <div className="table-wrap">
        <table className="table" aria-label="Users" aria-busy={users.loading}>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Global role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Created</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((entry) => {
              const self = entry.id === me.id;
              const busy = busyId === entry.id;
              return (
                <tr key={entry.id} data-testid="user-row" data-email={entry.email} className={entry.active ? undefined : 'table__row--muted'}>
                  <td>
                    <div className="who">
                      <span className="who__name">
                        {entry.displayName}
                        {self && <span className="muted"> (you)</span>}
                      </span>
                      <span className="who__email">{entry.email}</span>
                    </div>
                    {rowError?.userId === entry.id && <p className="row-error" role="alert">{rowError.error.detail}</p>}
                  </td>
                  <td>
                    <select
                      className="input input--compact"
                      aria-label={`Global role of ${entry.email}`}
                      value={entry.globalRole}
                      disabled={self || busy}
                      title={self ? 'You cannot change your own global role' : undefined}
                      onChange={(event) => changeRole(entry, event.target.value as GlobalRole)}
                    >
                      <option value="user">User</option>
                      <option value="admin">Global admin</option>
                    </select>
                  </td>
                  <td>
                    <div className="pills">
                      {entry.active ? <Badge tone="ok">Active</Badge> : <Badge tone="bad">Deactivated</Badge>}
                      {entry.mustChangePassword && (
                        <Badge tone="warn" title="Has not replaced the one-time password yet">
                          One-time password
                        </Badge>
                      )}
                    </div>
                  </td>
                  <td>
                    <Timestamp iso={entry.lastLoginAt} relative empty="Never" />
                  </td>
                  <td>
                    <Timestamp iso={entry.createdAt} />
                  </td>
                  <td className="table__actions">
                    {!self && (
                      <div className="row-actions">
                        {entry.active ? (
                          <button type="button" className="btn btn--sm" disabled={busy} onClick={() => setPending({ kind: 'deactivate', user: entry })}>
                            Deactivate
                          </button>
                        ) : (
                          <button type="button" className="btn btn--sm" disabled={busy} onClick={() => updateInRow(entry, { active: true }, `${entry.displayName} is active again.`)}>
                            Reactivate
                          </button>
                        )}
                        <button type="button" className="btn btn--sm btn--danger-ghost" disabled={busy} onClick={() => setPending({ kind: 'delete', user: entry })}>
                          Delete
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {users.data && list.length === 0 && <EmptyState title="No users yet" />}
        {!users.data && users.loading && <p className="table__loading">Loading users…</p>}
      </div>

      <ConfirmDialog
        open={pending !== undefined}
        title={pending?.kind === 'delete' ? 'Delete user?' : pending?.kind === 'deactivate' ? 'Deactivate user?' : 'Grant global administrator rights?'}
        confirmLabel={pending?.kind === 'delete' ? 'Delete user' : pending?.kind === 'deactivate' ? 'Deactivate' : 'Make global admin'}
        tone={pending?.kind === 'promote' ? 'primary' : 'danger'}
        busy={busyId !== undefined}
        error={dialogError}
        onCancel={() => {
          setPending(undefined);
          setDialogError(undefined);
        }}
        onConfirm={confirm}
      >
        {pending?.kind === 'delete' && (
          <p>
            <strong>{pending.user.email}</strong> and all of their tenant memberships will be deleted. This cannot be undone; deactivating keeps the account for later.
          </p>
        )}
        {pending?.kind === 'deactivate' && (
          <p>
            <strong>{pending.user.email}</strong> loses access at once: their sessions and sign-ins are refused until the account is reactivated.
          </p>
        )}
        {pending?.kind === 'promote' && (
          <p>
            <strong>{pending.user.email}</strong> will manage every tenant, user and the installation audit log.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
