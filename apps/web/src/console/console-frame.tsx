'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Alert } from '../ui/alert';
import { Badge, type BadgeTone } from '../ui/badges';
import type { ConsoleStatus } from './console-connection';
import type { ConsoleTarget } from './console-target.util';
import type { ConsoleConnectionState } from './use-console-connection';
import { useFullscreen } from './use-fullscreen';

interface ConsoleFrameProps {
  target: ConsoleTarget;
  connection: ConsoleConnectionState;
  /** The viewer's own toolbar buttons, after the status. */
  actions?: ReactNode;
  /** A side panel beside the screen (the clipboard). */
  aside?: ReactNode;
  /** The screen: noVNC's canvas or the terminal. */
  children: ReactNode;
}

const STATUS_TONES: Record<ConsoleStatus['state'], BadgeTone> = { connecting: 'info', connected: 'ok', reconnecting: 'warn', disconnected: 'bad' };

function statusLabel(status: ConsoleStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return `Reconnecting ${status.attempt}/${status.maxAttempts}…`;
    case 'disconnected':
      return 'Disconnected';
  }
}

/**
 * What every console shares: the guest's name, a view-only badge, the connection status, fullscreen
 * (of the whole frame, so the toolbar stays usable) and reconnect; why it ended when it did.
 */
export function ConsoleFrame({ target, connection, actions, aside, children }: ConsoleFrameProps) {
  const frame = useRef<HTMLElement>(null);
  const { fullscreen, toggle } = useFullscreen(frame);
  const { status, grant, reconnect } = connection;
  const kind = target.type === 'qemu' ? 'VM' : 'CT';
  const title = grant?.guest.name ?? `${kind} ${target.vmid}`;

  useEffect(() => {
    // Operators keep several consoles open: the tab says which guest it is.
    document.title = `${title} · Console · PVE Nexus`;
  }, [title]);

  return (
    <section className="console" ref={frame} aria-labelledby="console-title" data-testid="console">
      <header className="console__bar">
        <div className="console__heading">
          <h1 id="console-title" className="console__title">
            {title}
          </h1>
          <span className="muted console__where">
            {kind} {target.vmid}
            {grant ? ` · ${grant.guest.serverName} / ${grant.guest.node}` : ` · ${target.node}`}
          </span>
          {grant?.viewOnly && (
            <Badge tone="warn" testId="console-view-only" title="Your role lets you watch this console; keyboard, mouse and clipboard are not sent.">
              View only
            </Badge>
          )}
        </div>
        <div className="toolbar console__tools" role="toolbar" aria-label="Console actions">
          <span role="status" data-testid="console-status" data-state={status.state} title={status.state === 'reconnecting' ? status.reason : undefined}>
            <Badge tone={STATUS_TONES[status.state]}>{statusLabel(status)}</Badge>
          </span>
          {actions}
          <button type="button" className="btn btn--sm" aria-pressed={fullscreen} onClick={toggle} data-testid="console-fullscreen">
            {fullscreen ? 'Exit fullscreen' : 'Fullscreen'}
          </button>
          <button type="button" className="btn btn--sm" onClick={reconnect} data-testid="console-reconnect">
            Reconnect
          </button>
        </div>
      </header>
      {status.state === 'disconnected' && (
        <Alert tone="error" title="The console is disconnected" testId="console-ended">
          <p className="notice__text" data-testid="console-ended-reason">
            {status.reason}
          </p>
        </Alert>
      )}
      <div className="console__body">
        <div className="console__screen">{children}</div>
        {aside}
      </div>
    </section>
  );
}
