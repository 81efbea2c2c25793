import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decide } from '@pve-nexus/authz';
import { CONSOLE_ASSERTION_SUBJECTS, ConsoleRpc, defaultConsoleProtocol, ServerRpc, type ConsoleGrant, type ConsoleOpened, type OpenConsoleBody, type Principal, type RequestMeta } from '@pve-nexus/contracts';
import { newBearerToken } from '@pve-nexus/crypto';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { ConsoleGrantRepository } from './console-grant.repository.js';
import { CONSOLE_OPTIONS, type ConsoleOptions } from './console.options.js';

/** The executor fetches the server's credentials (a bus hop) and then waits for Proxmox at most about 8 s. */
const TICKET_RPC_TIMEOUT_MS = 15_000;

/** The guest a console is for, from the route. */
export interface ConsoleTarget {
  serverId: string;
  node: string;
  vmid: number;
}

/**
 * Opens consoles: a fresh Proxmox ticket from the executor, a one-time token bound to it (and to
 * the actor, tenant, guest and node) in Redis, and where to redeem it. Viewers get view-only
 * consoles (the relay drops their input), decided by the policy, not here.
 */
@Injectable()
export class ConsoleService {
  constructor(
    private readonly bus: BusClient,
    private readonly grants: ConsoleGrantRepository,
    @Inject(CONSOLE_OPTIONS) private readonly options: ConsoleOptions,
  ) {}

  async open(target: ConsoleTarget, input: OpenConsoleBody, meta: RequestMeta, principal: Principal | null): Promise<ConsoleOpened> {
    const tenantId = requireTenant(meta);
    const protocol = input.protocol ?? defaultConsoleProtocol(input.type);
    const viewOnly = !decide(meta.actor, 'console.open', { tenantId }).allowed;
    const [ticket, { server }] = await Promise.all([
      this.bus.request(ConsoleRpc.ticket, { ...target, type: input.type, protocol }, meta, { timeoutMs: TICKET_RPC_TIMEOUT_MS }),
      this.bus.request(ServerRpc.get, { serverId: target.serverId }, meta),
    ]);
    const token = newBearerToken();
    const issuedAt = Date.now();
    const grant: ConsoleGrant = {
      sessionId: randomUUID(),
      tenantId,
      actor: meta.actor,
      assertion: this.bus.assert(meta, { subjects: CONSOLE_ASSERTION_SUBJECTS, serverId: target.serverId, ttlMs: this.options.tokenTtlMs + this.options.maxSessionMs }),
      ...(principal?.type === 'user' ? { authSessionId: principal.sessionId } : {}),
      serverId: target.serverId,
      serverName: server.name,
      node: ticket.node,
      vmid: target.vmid,
      guestType: input.type,
      ...(ticket.guestName ? { guestName: ticket.guestName } : {}),
      protocol,
      viewOnly,
      port: ticket.port,
      ticket: ticket.ticket,
      pveUser: ticket.pveUser,
      acceptBy: ticket.acceptBy,
      issuedAt,
    };
    await this.grants.store(token, grant, this.options.tokenTtlMs);
    return {
      sessionId: grant.sessionId,
      token,
      relayUrls: shuffled(this.options.relayUrls),
      protocol,
      viewOnly,
      ...(ticket.password ? { password: ticket.password } : {}),
      // The relay refuses the token once the Proxmox worker stopped waiting, even inside the TTL.
      expiresAt: new Date(Math.min(issuedAt + this.options.tokenTtlMs, ticket.acceptBy)).toISOString(),
      guest: { serverId: target.serverId, serverName: server.name, node: ticket.node, vmid: target.vmid, type: input.type, ...(grant.guestName ? { name: grant.guestName } : {}) },
    };
  }
}

/** A new random order (Fisher-Yates), so browsers spread over the relay replicas. */
function shuffled<T>(items: readonly T[]): T[] {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
