'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { withNext } from '../auth/next-path.util';
import { useSessionManager, useSignedIn } from '../session/session-provider';

function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase());
  return (letters.length > 1 ? letters[0]! + letters[letters.length - 1]! : (letters[0] ?? '?')).slice(0, 2);
}

/** Who is signed in, with the password change and sign-out; closes on Escape and outside clicks. */
export function UserMenu() {
  const { user } = useSignedIn();
  const manager = useSessionManager();
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    const close = (event: Event) => {
      const element = menu.current;
      if (!element?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);

  return (
    <details className="user-menu" ref={menu}>
      <summary className="user-menu__button" aria-label={`Account: ${user.displayName}`} data-testid="user-menu">
        <span className="avatar" aria-hidden="true">
          {initialsOf(user.displayName)}
        </span>
        <span className="user-menu__name">{user.displayName}</span>
      </summary>
      <div className="user-menu__panel">
        <div className="user-menu__who">
          <strong>{user.displayName}</strong>
          <span className="muted" data-testid="user-email">
            {user.email}
          </span>
          {user.globalRole === 'admin' && <span className="pill pill--accent user-menu__badge">Global administrator</span>}
        </div>
        <Link className="user-menu__item" href={withNext('/change-password', pathname)}>
          Change password
        </Link>
        <button
          type="button"
          className="user-menu__item user-menu__item--danger"
          disabled={signingOut}
          onClick={async () => {
            setSigningOut(true);
            await manager.signOut();
          }}
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </details>
  );
}
