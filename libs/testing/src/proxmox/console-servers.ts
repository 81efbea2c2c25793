import type { WebSocket } from 'ws';
import type { ConsoleConnection, ConsoleWebSocketHandler } from './console-tickets.js';
import type { ClusterState } from './proxmox-cluster.js';
import { RfbSession, type RfbEvent } from './rfb-server.js';
import { TermSession, type TermEvent } from './term-server.js';

// The built-in servers behind vncwebsocket: an RFB server for vncproxy consoles (what
// `qm vncproxy` / vncterm would be) and termproxy's protocol for termproxy consoles.

/** A console connection the built-in servers are serving (or served). */
export interface ActiveConsole {
  vmid?: number;
  node: string;
  port: number;
  user: string;
  protocol: 'vnc' | 'term';
  /** The RFB session (protocol 'vnc'): `events`, `sendClipboard(text)`, `snapshot()`. */
  rfb?: RfbSession;
  /** The terminal session (protocol 'term'): `events`, `write(text)`. */
  term?: TermSession;
  /** RFB or terminal events, as recorded so far. */
  readonly events: readonly (RfbEvent | TermEvent)[];
  active: boolean;
}

export interface ConsoleServerOptions {
  /** How often the RFB screen is redrawn (the clock). Default 1000 ms. */
  rfbRefreshMs?: number;
}

export class ConsoleServers {
  private readonly all: ActiveConsole[] = [];

  constructor(
    private readonly cluster: ClusterState,
    private readonly options: ConsoleServerOptions = {},
  ) {}

  readonly handler: ConsoleWebSocketHandler = (socket: WebSocket, connection: ConsoleConnection) => {
    const guest = connection.vmid !== undefined ? this.cluster.guests.get(connection.vmid) : undefined;
    const base = { node: connection.node, port: connection.port, user: connection.user, protocol: connection.protocol, active: true, ...(connection.vmid !== undefined ? { vmid: connection.vmid } : {}) };
    let entry: ActiveConsole;
    if (connection.protocol === 'vnc') {
      // qm vncproxy sets the VNC password to the generated one, else to the ticket (Qemu.pm vncproxy).
      const rfb = new RfbSession(socket, {
        password: connection.password ?? connection.ticket,
        name: guest?.name ?? connection.node,
        title: guest ? `VM ${guest.vmid} ${guest.name}` : connection.node,
        refreshMs: this.options.rfbRefreshMs,
      });
      entry = { ...base, rfb, events: rfb.events };
    } else {
      const term = new TermSession(socket, { user: connection.user, ticket: connection.ticket, hostname: guest?.name ?? connection.node });
      entry = { ...base, term, events: term.events };
    }
    this.all.push(entry);
    socket.on('close', () => (entry.active = false));
  };

  /** Consoles whose WebSocket is open. */
  active(): ActiveConsole[] {
    return this.all.filter((entry) => entry.active);
  }

  /** Every RFB event recorded for `vmid`, across its sessions (closed ones too), oldest first. */
  rfbEvents(vmid: number): RfbEvent[] {
    return this.all.filter((entry) => entry.vmid === vmid && entry.rfb).flatMap((entry) => entry.rfb!.events);
  }

  /** Every console served, open or closed. */
  history(): readonly ActiveConsole[] {
    return this.all;
  }
}
