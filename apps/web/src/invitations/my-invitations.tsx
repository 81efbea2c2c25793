'use client';

import { useState } from 'react';
import type { InvitationView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { useSessionManager, useSignedIn } from '../session/session-provider';
import { ErrorAlert } from '../ui/alert';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';

const ROLE_NAMES = { admin: 'an admin', manager: 'a manager', viewer: 'a viewer' } as const;

/**
 * The signed-in person's invitations to tenants, to accept or decline; nothing when there are none.
 * Accepting reloads the session, so the new tenant appears in the switcher at once.
 */
export function MyInvitations() {
  const { api } = useSignedIn();
  const manager = useSessionManager();
  const invitations = useResource('my-invitations', (signal) => api.myInvitations(signal));
  const [busyId, setBusyId] = useState<string>();
  const [error, setError] = useState<ApiError>();

  const answer = async (invitation: InvitationView, accept: boolean) => {
    setBusyId(invitation.id);
    setError(undefined);
    try {
      await api.answerInvitation(invitation.id, accept);
      invitations.setData((current) => current && { invitations: current.invitations.filter((entry) => entry.id !== invitation.id) });
      if (accept) await manager.reloadUser();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusyId(undefined);
    }
  };

  const pending = invitations.data?.invitations ?? [];
  if (pending.length === 0 && !error) return null;
  return (
    <section className="card" aria-labelledby="my-invitations-title" data-testid="my-invitations">
      <h2 id="my-invitations-title">Invitations</h2>
      <ErrorAlert error={error} />
      <ul>
        {pending.map((invitation) => (
          <li key={invitation.id} data-testid="invitation" data-tenant={invitation.tenantName}>
            You are invited to <strong>{invitation.tenantName}</strong> as {ROLE_NAMES[invitation.role]} (until <Timestamp iso={invitation.expiresAt} />).{' '}
            <button type="button" className="btn btn--sm btn--primary" disabled={busyId === invitation.id} onClick={() => void answer(invitation, true)}>
              Accept
            </button>{' '}
            <button type="button" className="btn btn--sm" disabled={busyId === invitation.id} onClick={() => void answer(invitation, false)}>
              Decline
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
