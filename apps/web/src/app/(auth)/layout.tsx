import type { ReactNode } from 'react';
import { Brand } from '../../shell/brand';

/** Sign-in and password pages: one card in the middle, no navigation. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth">
      <main id="main" className="auth__main">
        <div className="auth__brand">
          <Brand />
        </div>
        {children}
        <p className="auth__footer">PVE Nexus · control plane for Proxmox VE fleets</p>
      </main>
    </div>
  );
}
