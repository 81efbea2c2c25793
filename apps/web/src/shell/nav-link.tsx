'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/**
 * A header link that marks itself as the current page for assistive technology and for the styles.
 * `section` makes it current for every path below it too (default: only its own path).
 */
export function NavLink({ href, section, children }: { href: string; section?: RegExp; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || (section?.test(pathname) ?? false);
  return (
    <Link href={href} className="nav__link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
