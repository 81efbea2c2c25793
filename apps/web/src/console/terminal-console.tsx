'use client';

import { useCallback, useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { AttachLink } from './console-connection';
import { ConsoleFrame } from './console-frame';
import type { ConsoleTarget } from './console-target.util';
import { TERMINAL_PING_FRAME, TERMINAL_PING_INTERVAL_MS, terminalInputFrame, terminalResizeFrame } from './termproxy-frames.util';
import { useConsoleConnection } from './use-console-connection';

/**
 * A container's terminal (Proxmox termproxy): xterm.js fitted to the frame, speaking termproxy's
 * framing over the relay socket (the relay has already logged in with the ticket). The scrollback
 * survives reconnects. Loaded in the browser only.
 */
export default function TerminalConsole({ tenantId, target }: { tenantId: string; target: ConsoleTarget }) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal>(undefined);

  // Declared before the connection below: effects run in order, so the terminal exists when it attaches.
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const created = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5_000, fontFamily: getComputedStyle(element).fontFamily });
    const fit = new FitAddon();
    created.loadAddon(fit);
    created.open(element);
    fit.fit();
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);
    terminal.current = created;
    return () => {
      observer.disconnect();
      terminal.current = undefined;
      created.dispose();
    };
  }, []);

  const attach = useCallback<AttachLink>((socket, opened, events) => {
    const term = terminal.current;
    if (!term) throw new Error('the terminal is not on the page');
    term.options.disableStdin = opened.viewOnly;
    const send = (frame: string) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    };
    let ping: ReturnType<typeof setInterval> | undefined;
    let output = false;
    const onOpen = () => {
      send(terminalResizeFrame(term.cols, term.rows));
      ping = setInterval(() => send(TERMINAL_PING_FRAME), TERMINAL_PING_INTERVAL_MS);
      if (!opened.viewOnly) term.focus();
    };
    const onMessage = (event: MessageEvent<string | ArrayBuffer>) => {
      term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
      // Output proves the whole path works (the relay reached termproxy and logged in).
      if (!output) {
        output = true;
        events.connected();
      }
    };
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    const input = opened.viewOnly ? undefined : term.onData((data) => send(terminalInputFrame(data)));
    const resize = term.onResize(({ cols, rows }) => send(terminalResizeFrame(cols, rows)));
    return {
      close: () => {
        clearInterval(ping);
        input?.dispose();
        resize.dispose();
        socket.removeEventListener('open', onOpen);
        socket.removeEventListener('message', onMessage);
        socket.close();
      },
    };
  }, []);

  const connection = useConsoleConnection(tenantId, target, attach);

  return (
    <ConsoleFrame target={target} connection={connection}>
      <div ref={host} className="console__terminal" data-testid="console-terminal" />
    </ConsoleFrame>
  );
}
