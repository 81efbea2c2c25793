'use client';

import { useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { useSignedIn } from '../session/session-provider';
import { ErrorAlert } from '../ui/alert';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';

/**
 * A tenant's pending invitations, for its admins to see and withdraw. `version` reloads them (after an
 * addition made one). Nothing is shown while there are none.
 */
export function TenantInvitations({ tenantId, version }: { tenantId: string; version: number }) {
  const { api } = useSignedIn();
  const invitations = useResource(`invitations:${tenantId}:${version}`, (signal) => api.listInvitations(tenantId, signal));
  const [busyId, setBusyId] = useState<string>();
  const [error, setError] = useState<ApiError>();

  const withdraw = async (invitationId: string) => {
    setBusyId(invitationId);
    setError(undefined);
    try {
      await api.revokeInvitation(tenantId, invitationId);
      invitations.setData((current) => current && { invitations: current.invitations.filter((entry) => entry.id !== invitationId) });
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusyId(undefined);
    }
  };

  const pending = invitations.data?.invitations ?? [];
  if (pending.length === 0 && !error) return null;
  return (
    <div className="table-wrap" data-testid="tenant-invitations">
      <ErrorAlert error={error} />
      <table className="table" aria-label="Pending invitations">
        <thead>
          <tr>
            <th scope="col">Invited</th>
            <th scope="col">Role</th>
            <th scope="col">Until</th>
            <th scope="col" className="table__actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pending.map((invitation) => (
            <tr key={invitation.id} data-testid="pending-invitation" data-email={invitation.email}>
              <td>{invitation.email}</td>
              <td>{invitation.role}</td>
              <td>
                <Timestamp iso={invitation.expiresAt} />
              </td>
              <td className="table__actions">
                <button type="button" className="btn btn--sm btn--danger-ghost" disabled={busyId === invitation.id} onClick={() => void withdraw(invitation.id)}>
                  Withdraw
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
