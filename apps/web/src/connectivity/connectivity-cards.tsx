import type { ReactNode } from 'react';
import type { TailnetCredentialsView, TailnetStatus } from '@pve-nexus/contracts';
import { Badge } from '../ui/badges';
import { Fact } from '../ui/fact';
import { Timestamp } from '../ui/timestamp';
import { describeStored } from './credentials-form.util';

/** Tailscale mode (machines reached by MagicDNS name) or direct SSH, and what discovery last saw. */
export function ModeCard({ status }: { status: TailnetStatus | undefined }) {
  if (!status) return null;
  const tailscale = status.mode === 'tailscale';
  return (
    <section className="card" aria-labelledby="mode-title" data-testid="connectivity-mode" data-mode={status.mode}>
      <h2 className="card__title" id="mode-title">
        Mode: <Badge tone={tailscale ? 'ok' : 'neutral'}>{tailscale ? 'Tailscale' : 'Direct SSH'}</Badge>
      </h2>
      <p className="muted">
        {tailscale
          ? 'Machines are reached by their MagicDNS names through the tailnet; discovery lists its devices.'
          : 'No tailnet credentials: machines are reached at their own addresses. Connect a tailnet to discover and import its devices.'}
      </p>
      {tailscale && (
        <dl className="facts">
          <Fact label="Tailnet">{status.tailnet ?? '—'}</Fact>
          <Fact label="Devices">{status.deviceCount === null ? '—' : `${status.onlineCount ?? 0} online of ${status.deviceCount}`}</Fact>
          <Fact label="Last sync">
            <Timestamp iso={status.lastSync} relative empty="Not yet" />
          </Fact>
          {status.lastError && <Fact label="Last error">{status.lastError.message}</Fact>}
        </dl>
      )}
    </section>
  );
}

/** The stored credentials without their secret: which control server, how, where, and the secret's last characters. */
export function StoredCredentials({ stored, actions }: { stored: TailnetCredentialsView | null; actions?: ReactNode }) {
  if (!stored) {
    return (
      <section className="card" data-testid="stored-credentials" data-stored="false">
        <h2 className="card__title">Stored credentials</h2>
        <p className="muted">None: this tenant has no tailnet yet.</p>
      </section>
    );
  }
  const shown = describeStored(stored);
  return (
    <section className="card" aria-labelledby="stored-title" data-testid="stored-credentials" data-stored="true">
      <h2 className="card__title" id="stored-title">
        Stored credentials
      </h2>
      <dl className="facts">
        <Fact label="Control server">{shown.control}</Fact>
        <Fact label="Method">{shown.method}</Fact>
        <Fact label={stored.control === 'headscale' ? 'URL' : 'Tailnet'} testId="stored-where">
          {shown.where}
        </Fact>
        {stored.control === 'headscale' && <Fact label="MagicDNS suffix">{stored.magicDnsSuffix ?? '—'}</Fact>}
        {stored.control === 'headscale' && <Fact label="User">{stored.user ?? '—'}</Fact>}
        <Fact label="Key" testId="stored-hint">
          <code>…{stored.secretHint}</code>
        </Fact>
        <Fact label="Updated">
          <Timestamp iso={stored.updatedAt} relative />
        </Fact>
      </dl>
      {actions && <div className="form-actions">{actions}</div>}
    </section>
  );
}
