import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import type { ConsoleProtocol, GuestType, ServerConnection } from '@pve-nexus/contracts';
import { ProxmoxAgents, ProxmoxClient, PveConsoleProxy } from '@pve-nexus/proxmox-client';
import { CONSOLE_OPTIONS, type ConsoleOptions } from './console.options.js';

const GuestName = z.object({ name: z.string().optional() });

/** One guest's console, as the Proxmox paths name it. */
export interface ConsoleTarget {
  node: string;
  type: GuestType;
  vmid: number;
  protocol: ConsoleProtocol;
}

/**
 * The Proxmox calls of a console open, through pools of their own. Why not the fleet's: a ticket
 * is only worth something for about 10 s, so it must not queue behind a fleet list or a bulk
 * action that fills the fleet's connections to the same server.
 */
@Injectable()
export class ProxmoxConsoleRepository implements OnApplicationShutdown {
  private readonly agents: ProxmoxAgents;

  constructor(@Inject(CONSOLE_OPTIONS) options: ConsoleOptions) {
    this.agents = new ProxmoxAgents(options.access, options.connectionsPerServer);
  }

  /**
   * Starts the guest's console proxy worker: `vncproxy` with `websocket=1` (and, for QEMU,
   * `generate-password=1`; pve-container's vncproxy has no such parameter, its vncterm takes the
   * ticket as the VNC password), or `termproxy`.
   */
  openProxy(connection: ServerConnection, target: ConsoleTarget, timeoutMs: number): Promise<PveConsoleProxy> {
    const path = `${guestPath(target)}/${target.protocol === 'vnc' ? 'vncproxy' : 'termproxy'}`;
    const body: Record<string, number> = target.protocol === 'term' ? {} : target.type === 'qemu' ? { websocket: 1, 'generate-password': 1 } : { websocket: 1 };
    return this.client(connection).post(path, body, PveConsoleProxy, { timeoutMs });
  }

  /** The guest's name (`status/current`), for listings; undefined when Proxmox does not say. */
  async guestName(connection: ServerConnection, target: ConsoleTarget, timeoutMs: number): Promise<string | undefined> {
    return (await this.client(connection).get(`${guestPath(target)}/status/current`, GuestName, { timeoutMs })).name;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agents.close(true);
  }

  private client(connection: ServerConnection): ProxmoxClient {
    return new ProxmoxClient(connection, this.agents);
  }
}

function guestPath(target: ConsoleTarget): string {
  return `/nodes/${encodeURIComponent(target.node)}/${target.type}/${target.vmid}`;
}
