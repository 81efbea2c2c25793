import { z } from 'zod';
import { ConsoleProtocol, GuestType, NodeName, Vmid, type GuestView } from '@pve-nexus/contracts';

/** The guest a console page is for, as its URL names it. */
export interface ConsoleTarget {
  serverId: string;
  node: string;
  vmid: number;
  type: GuestType;
  /** Absent: the guest type's default (VNC for VMs, the terminal for containers). */
  protocol?: ConsoleProtocol;
}

const Target = z.object({ serverId: z.uuid(), node: NodeName, vmid: Vmid, type: GuestType, protocol: ConsoleProtocol.optional() });

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The route's path parameters and query (`?type=qemu|lxc[&protocol=vnc|term]`); undefined when any is wrong. */
export function parseConsoleTarget(
  params: { serverId: string; node: string; vmid: string },
  query: { type?: string | string[]; protocol?: string | string[] },
): ConsoleTarget | undefined {
  const parsed = Target.safeParse({ ...params, type: single(query.type), protocol: single(query.protocol) || undefined });
  return parsed.success ? parsed.data : undefined;
}

/** The console page of a guest in the tenant with this slug. */
export function consoleHref(tenantSlug: string, guest: Pick<GuestView, 'serverId' | 'node' | 'vmid' | 'type'>): string {
  const path = ['t', tenantSlug, 'servers', guest.serverId, 'nodes', guest.node, 'guests', String(guest.vmid), 'console'].map(encodeURIComponent).join('/');
  return `/${path}?type=${guest.type}`;
}
