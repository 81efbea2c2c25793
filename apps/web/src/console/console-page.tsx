'use client';

import dynamic from 'next/dynamic';
import { defaultConsoleProtocol } from '@pve-nexus/contracts';
import { TenantPage } from '../tenancy/tenant-page';
import { Alert } from '../ui/alert';
import type { ConsoleTarget } from './console-target.util';
import './console.css';

function LoadingViewer() {
  return (
    <div className="loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <span>Loading the console…</span>
    </div>
  );
}

// noVNC and xterm.js touch `window` when their modules load: browser only.
const VncConsole = dynamic(() => import('./vnc-console'), { ssr: false, loading: LoadingViewer });
const TerminalConsole = dynamic(() => import('./terminal-console'), { ssr: false, loading: LoadingViewer });

/** The console of one guest, for anyone allowed `console.view` (viewers get a view-only one). */
export function ConsolePage({ target }: { target: ConsoleTarget | undefined }) {
  return (
    <TenantPage action="console.view">
      {(tenant) => {
        if (!target) {
          return (
            <Alert tone="error" title="This address names no console" testId="console-bad-address">
              <p className="notice__text">Open consoles from the fleet dashboard.</p>
            </Alert>
          );
        }
        const protocol = target.protocol ?? defaultConsoleProtocol(target.type);
        return protocol === 'vnc' ? <VncConsole tenantId={tenant.id} target={target} /> : <TerminalConsole tenantId={tenant.id} target={target} />;
      }}
    </TenantPage>
  );
}
