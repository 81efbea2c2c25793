'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { withNext } from '../auth/next-path.util';
import { useSession, useSessionManager } from '../session/session-provider';
import { TenantProvider } from '../tenancy/tenant-provider';
import { AppHeader } from './app-header';
import { Brand } from './brand';

/**
 * The signed-in console: pages render only with a session whose password is the user's own. Without
 * a session it goes to /login (and back here afterwards), on a one-time password to /change-password.
 */
export function AppFrame({ children }: { children: ReactNode }) {
  const session = useSession();
  const manager = useSessionManager();
  const router = useRouter();
  const pathname = usePathname();
  const mustChangePassword = session.status === 'signed-in' && session.user.mustChangePassword;

  useEffect(() => {
    const here = `${pathname}${window.location.search}`;
    if (session.status === 'signed-out') router.replace(withNext('/login', here));
    else if (mustChangePassword) router.replace(withNext('/change-password', here));
  }, [session.status, mustChangePassword, pathname, router]);

  if (session.status === 'signed-in' && !mustChangePassword) {
    return (
      <TenantProvider>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <AppHeader />
        <main id="main" className="app-main">
          {children}
        </main>
      </TenantProvider>
    );
  }

  return (
    <>
      <header className="app-header">
        <div className="app-header__inner">
          <Brand />
        </div>
      </header>
      <main id="main" className="app-main">
        {session.status === 'unreachable' ? (
          <section className="panel panel--centered" role="alert" data-testid="session-unreachable">
            <h1>Cannot reach the console</h1>
            <p className="muted">{session.message} Retrying by itself.</p>
            <button type="button" className="btn btn--primary" onClick={() => manager.retry()}>
              Retry now
            </button>
          </section>
        ) : (
          <div className="loading" aria-busy="true" data-testid="session-loading">
            <span className="spinner" aria-hidden="true" />
            <span>Loading your session…</span>
          </div>
        )}
      </main>
    </>
  );
}
