'use client';

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { MembershipView, UserView } from '@pve-nexus/contracts';
import type { NexusApi } from '../api/nexus-api';
import { SessionManager, type SessionSnapshot } from './session-manager';

const SessionContext = createContext<SessionManager | null>(null);

// The server never knows the session (the access token exists only in the browser's memory).
const LOADING: SessionSnapshot = { status: 'loading' };
const serverSnapshot = (): SessionSnapshot => LOADING;

/** Holds the session for the whole console and resumes it from the refresh cookie on load. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [manager] = useState(() => new SessionManager());
  useEffect(() => {
    manager.start();
    return () => manager.stop();
  }, [manager]);
  return <SessionContext value={manager}>{children}</SessionContext>;
}

export function useSessionManager(): SessionManager {
  const manager = useContext(SessionContext);
  if (!manager) throw new Error('useSessionManager outside <SessionProvider>');
  return manager;
}

/** The current session state; re-renders when it changes. */
export function useSession(): SessionSnapshot {
  const manager = useSessionManager();
  return useSyncExternalStore(manager.subscribe, manager.getSnapshot, serverSnapshot);
}

export interface SignedIn {
  user: UserView;
  memberships: MembershipView[];
  api: NexusApi;
}

/** For pages inside the signed-in shell, which renders them only with a session. */
export function useSignedIn(): SignedIn {
  const manager = useSessionManager();
  const session = useSession();
  if (session.status !== 'signed-in') throw new Error('useSignedIn outside the signed-in shell');
  return { user: session.user, memberships: session.memberships, api: manager.api };
}
