import Link from 'next/link';
import { NavLink } from './nav-link';

/**
 * Pages reachable from the header. Add Servers, Fleet and Consoles here as their pages land; a link
 * to a page that does not exist yet would only lead to a 404.
 */
const NAVIGATION: ReadonlyArray<{ href: string; label: string }> = [{ href: '/', label: 'Status' }];

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link href="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            PN
          </span>
          <span className="brand__name">PVE Nexus</span>
        </Link>
        <nav aria-label="Main" className="nav">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.href}>
                <NavLink href={item.href}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
