import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '../shell/app-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PVE Nexus', template: '%s · PVE Nexus' },
  description: 'Control plane for Proxmox VE fleets',
};

export const viewport: Viewport = { colorScheme: 'light dark' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <AppHeader />
        <main id="main" className="app-main">
          {children}
        </main>
      </body>
    </html>
  );
}
