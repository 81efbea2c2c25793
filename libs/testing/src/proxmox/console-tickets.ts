import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { handlerError } from './pve-error.js';
import type { GuestType, SimNode } from './proxmox-cluster.js';
import type { SimTask, TaskManager } from './tasks.js';

// Console tickets the way vncproxy/termproxy hand them out (qemu-server API2/Qemu.pm vncproxy,
// pve-manager API2/Nodes.pm termproxy, PVE::AccessControl assemble/verify_vnc_ticket):
// - the ticket "PVEVNC:<hex time>::<signature>" is bound to the user and the path (/vms/100,
//   /nodes/pve1) and verify_vnc_ticket accepts it for 40 s;
// - the proxy worker (a 'vncproxy' or 'vncshell' task) listens on a port of 5900-5999 and
//   accepts ONE connection within 10 s ("connection timed out" ends the task otherwise);
// - GET .../vncwebsocket?port=..&vncticket=.. upgrades to a WebSocket that pveproxy pipes to it.

/** A console opened by vncproxy or termproxy, waiting for (or serving) its WebSocket. */
export interface ConsoleSession {
  ticket: string;
  /** The user the ticket was issued to (the full token id for token requests). */
  user: string;
  /** The ticket's path: /vms/<vmid> or /nodes/<node>. */
  path: string;
  node: string;
  /** The guest, absent for a node shell. */
  vmid?: number;
  guestType?: GuestType;
  /** 'vnc' (RFB, from vncproxy) or 'term' (termproxy's protocol, xterm.js). */
  protocol: 'vnc' | 'term';
  port: number;
  /** The VNC password when requested with generate-password=1 (else the ticket is the password). */
  password?: string;
  issuedAt: number;
  /** The worker task serving the console. */
  task: SimTask;
  state: 'waiting' | 'connected' | 'closed';
}

/** What a WebSocket handler learns about the console it serves. */
export type ConsoleConnection = Readonly<Omit<ConsoleSession, 'task' | 'state'> & { upid: string }>;

/**
 * Serves an upgraded `vncwebsocket` connection: binary messages both ways, as pveproxy's
 * websocket_proxy relays them. The RFB server (or a terminal) plugs in here.
 */
export type ConsoleWebSocketHandler = (socket: WebSocket, connection: ConsoleConnection) => void;

const TICKET_MAX_AGE_MS = 40_000; // verify_rsa_ticket(..., -20, 40)

export class ConsoleTickets {
  private readonly byTicket = new Map<string, ConsoleSession>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly tasks: TaskManager,
    /** How long the proxy worker waits for its connection ($timeout = 10 s in vncproxy/termproxy). */
    private readonly acceptTimeoutMs = 10_000,
  ) {}

  /** Opens a console: allocates a port on `node`, starts its worker task, waits 10 s for the WebSocket. */
  open(options: { node: SimNode; user: string; path: string; vmid?: number; guestType?: GuestType; protocol: 'vnc' | 'term'; taskType: string; generatePassword?: boolean }): ConsoleSession {
    const now = Date.now();
    const port = this.allocatePort(options.node.name);
    const task = this.tasks.start({ node: options.node, type: options.taskType, id: options.vmid ? String(options.vmid) : '', user: options.user, durationMs: null });
    const session: ConsoleSession = {
      ticket: `PVEVNC:${Math.floor(now / 1000).toString(16).toUpperCase().padStart(8, '0')}::${randomBytes(256).toString('base64')}`,
      user: options.user,
      path: options.path,
      node: options.node.name,
      protocol: options.protocol,
      port,
      issuedAt: now,
      task,
      state: 'waiting',
      ...(options.vmid !== undefined ? { vmid: options.vmid, guestType: options.guestType } : {}),
      ...(options.generatePassword ? { password: generatePassword() } : {}),
    };
    this.byTicket.set(session.ticket, session);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (session.state === 'waiting') this.close(session, 'connection timed out');
    }, this.acceptTimeoutMs);
    timer.unref();
    this.timers.add(timer);
    return session;
  }

  /**
   * verify_vnc_ticket: the ticket must have been issued to `user` for `path` within 40 s, else
   * the handler dies with "permission denied - invalid PVEVNC ticket" (HTTP 500).
   */
  verify(ticket: string, user: string, path: string): ConsoleSession {
    const session = this.byTicket.get(ticket);
    if (!session || session.user !== user || session.path !== path || Date.now() - session.issuedAt > TICKET_MAX_AGE_MS) {
      throw handlerError('permission denied - invalid PVEVNC ticket');
    }
    return session;
  }

  /**
   * Takes the one connection the worker accepts. Undefined when nothing listens on `port` any
   * more (already connected, timed out, or not this ticket's port).
   */
  accept(session: ConsoleSession, node: string, port: number): ConsoleSession | undefined {
    if (session.state !== 'waiting' || session.node !== node || session.port !== port) return undefined;
    session.state = 'connected';
    return session;
  }

  /** Ends a console: frees its port and ends its task (OK, or with `error`). */
  close(session: ConsoleSession, error?: string): void {
    if (session.state === 'closed') return;
    session.state = 'closed';
    this.tasks.finish(session.task, () => (error ? { error } : undefined));
  }

  closeAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const session of this.byTicket.values()) this.close(session);
  }

  // PVE::Tools::next_vnc_port: the first free port of 5900-5999 on the node.
  private allocatePort(node: string): number {
    const used = new Set([...this.byTicket.values()].filter((s) => s.node === node && s.state !== 'closed').map((s) => s.port));
    for (let port = 5900; port < 6000; port++) if (!used.has(port)) return port;
    throw handlerError('unable to find free port (5900-5999)');
  }
}

/** gen_rand_chars(8) of qemu-server: 6 random bits per char added to '!' (characters '!' to '`'). */
function generatePassword(): string {
  return [...randomBytes(8)].map((byte) => String.fromCharCode((byte & 0x3f) + 33)).join('');
}
