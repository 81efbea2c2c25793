'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import RFB from '@novnc/novnc';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ClipboardPanel, type GuestClipboard, type TypingProgress } from './clipboard-panel';
import type { AttachLink } from './console-connection';
import { ConsoleFrame } from './console-frame';
import type { ConsoleTarget } from './console-target.util';
import { keystrokesFor } from './keystrokes.util';
import { useConsoleConnection } from './use-console-connection';

/** Pause between typed characters, in ms: guests (firmware, installers) drop keys sent in one burst. */
const KEYSTROKE_PACE_MS = 15;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A guest's VNC console: noVNC speaks RFB over the relay socket and does the VNC authentication with
 * the grant's password. Clipboard both ways, typing as keystrokes, Ctrl+Alt+Del, scale to window.
 * Loaded in the browser only (noVNC needs `window` when its module loads).
 */
export default function VncConsole({ tenantId, target }: { tenantId: string; target: ConsoleTarget }) {
  const screen = useRef<HTMLDivElement>(null);
  const client = useRef<RFB>(undefined);
  const [scale, setScale] = useState(true);
  const scaleRef = useRef(scale);
  const [fromGuest, setFromGuest] = useState<GuestClipboard>();
  const [showClipboard, setShowClipboard] = useState(true);
  const [confirmCtrlAltDel, setConfirmCtrlAltDel] = useState(false);
  const [typing, setTyping] = useState<TypingProgress>();
  const [skipped, setSkipped] = useState(0);
  const typingRun = useRef(0);

  const attach = useCallback<AttachLink>((socket, opened, events) => {
    const element = screen.current;
    if (!element) throw new Error('the console screen is not on the page');
    const rfb = new RFB(element, socket, { credentials: { password: opened.password ?? '' } });
    rfb.viewOnly = opened.viewOnly;
    rfb.scaleViewport = scaleRef.current;
    let ended = false;
    rfb.addEventListener('connect', () => {
      // Keys go to the guest at once, unless the user is busy elsewhere (the clipboard text, say).
      if (!opened.viewOnly && document.activeElement === document.body) rfb.focus({ preventScroll: true });
      events.connected();
    });
    rfb.addEventListener('disconnect', () => {
      ended = true;
    });
    rfb.addEventListener('securityfailure', (event) => events.failed(`VNC authentication failed${event.detail.reason ? `: ${event.detail.reason}` : ''}.`));
    rfb.addEventListener('credentialsrequired', () => {
      events.failed('The guest asked for credentials that the console grant did not include.');
      rfb.disconnect();
    });
    rfb.addEventListener('clipboard', (event) => setFromGuest({ text: event.detail.text, at: new Date() }));
    client.current = rfb;
    return {
      close: () => {
        if (client.current === rfb) client.current = undefined;
        // A disconnected RFB object is final; disconnecting it again only logs an error.
        if (!ended) rfb.disconnect();
      },
    };
  }, []);

  const connection = useConsoleConnection(tenantId, target, attach);
  const connected = connection.status.state === 'connected';
  const viewOnly = connection.grant?.viewOnly ?? false;

  useEffect(() => {
    scaleRef.current = scale;
    if (client.current) client.current.scaleViewport = scale;
  }, [scale]);

  // Typing stops when the page goes away; a reconnect mid-way stops it too (see typeText).
  useEffect(() => () => void typingRun.current++, []);

  const typeText = async (text: string) => {
    const run = ++typingRun.current;
    const { characters, skipped: left } = keystrokesFor(text);
    setSkipped(left);
    const rfb = client.current;
    for (let index = 0; index < characters.length; index++) {
      // Never finish the text on another connection: the guest may be elsewhere by then.
      if (run !== typingRun.current || client.current !== rfb || !rfb) break;
      setTyping({ typed: index, total: characters.length });
      for (const stroke of characters[index]!) rfb.sendKey(stroke.keysym, stroke.code, stroke.down);
      await pause(KEYSTROKE_PACE_MS);
    }
    if (run === typingRun.current) setTyping(undefined);
  };

  const actions = (
    <>
      {!viewOnly && (
        <button type="button" className="btn btn--sm" disabled={!connected} onClick={() => setConfirmCtrlAltDel(true)} data-testid="console-ctrl-alt-del">
          Ctrl+Alt+Del
        </button>
      )}
      <button type="button" className="btn btn--sm" aria-pressed={showClipboard} onClick={() => setShowClipboard((shown) => !shown)}>
        Clipboard
      </button>
      <button type="button" className="btn btn--sm" aria-pressed={scale} onClick={() => setScale((scaled) => !scaled)} data-testid="console-scale">
        Scale to window
      </button>
    </>
  );

  return (
    <ConsoleFrame
      target={target}
      connection={connection}
      actions={actions}
      aside={
        showClipboard && (
          <ClipboardPanel
            fromGuest={fromGuest}
            viewOnly={viewOnly}
            connected={connected}
            typing={typing}
            skipped={skipped}
            onSend={(text) => client.current?.clipboardPasteFrom(text)}
            onType={(text) => void typeText(text)}
            onStopTyping={() => {
              typingRun.current++;
              setTyping(undefined);
            }}
          />
        )
      }
    >
      <div ref={screen} className="console__vnc" data-testid="console-screen" />
      <ConfirmDialog
        open={confirmCtrlAltDel}
        title="Send Ctrl+Alt+Del?"
        confirmLabel="Send Ctrl+Alt+Del"
        onCancel={() => setConfirmCtrlAltDel(false)}
        onConfirm={() => {
          client.current?.sendCtrlAltDel();
          setConfirmCtrlAltDel(false);
        }}
      >
        <p>
          Many guests reboot at once on Ctrl+Alt+Del (Linux consoles without a display manager, firmware, installers). Windows opens its security screen.
        </p>
      </ConfirmDialog>
    </ConsoleFrame>
  );
}
