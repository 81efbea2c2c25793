import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SessionProvider } from '../session/session-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PVE Nexus', template: '%s · PVE Nexus' },
  description: 'Control plane for Proxmox VE fleets',
};

export const viewport: Viewport = { colorScheme: 'light dark' };

/** Rendered per request: each page carries the script nonce of its own Content-Security-Policy (src/proxy.ts). */
export const dynamic = 'force-dynamic';

/** Every page shares the session; `(app)` pages add the signed-in shell, `(auth)` pages the sign-in frame. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SessionProvider>{children}</SessionProvider>
      </body>
    </html>
  );
}
