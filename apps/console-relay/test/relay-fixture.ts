// The set-up every relay e2e file shares: a simulated Proxmox server registered in the demo tenant
// of a stack with two relay replicas, the seeded admin's grant identity, and a bus client to ask
// the relays' admin RPCs (the gateway routes for them are not what these tests are about).
import { randomUUID } from 'node:crypto';
import { BusClient } from '@pve-nexus/messaging';
import type { ActorInput, RpcContract, RpcRequest, RpcResponse } from '@pve-nexus/contracts';
import {
  cleanUp,
  grantIdentity,
  mintConsoleGrant,
  registerServer,
  signInSeededAdmin,
  startProxmoxServer,
  startStack,
  type ApiCall,
  type ConsoleGrantRequest,
  type GrantIdentity,
  type MintedConsoleGrant,
  type ProxmoxServer,
  type SimGuest,
  type Stack,
} from '@pve-nexus/testing';

const PASSWORD = 'relay test passphrase 1';

export interface RelayFixture {
  pve: ProxmoxServer;
  stack: Stack;
  api: ApiCall;
  /** The seeded global admin's access token, and the demo tenant. */
  admin: string;
  tenantId: string;
  serverId: string;
  /** The admin as a grant names them. */
  identity: GrantIdentity;
  /** Two VMs and a container of the simulated server. */
  vms: SimGuest[];
  container: SimGuest;
  /** A grant for `vmid` (default the first VM) as the admin, unless `request` says otherwise. */
  mint(request?: Partial<Omit<ConsoleGrantRequest, 'pve' | 'serverId' | 'tenantId'>>): Promise<MintedConsoleGrant>;
  /** A relay RPC on the stack's bus, as `actor` (default the admin) in `tenantId` (default the demo tenant; null: none). */
  rpc<C extends RpcContract>(contract: C, payload: RpcRequest<C>, as?: { actor?: ActorInput; tenantId?: string | null }): Promise<RpcResponse<C>>;
  close(): Promise<void>;
}

/** Starts everything; `env` goes to every process (short relay limits). */
export async function startRelayFixture(env: Record<string, string> = {}): Promise<RelayFixture> {
  const pve = await startProxmoxServer({ name: 'relay-sim', guestsPerNode: 8, seed: 6, rfbRefreshMs: 200 });
  const stack = await startStack({ services: ['inventory', 'executor', 'console-relay', 'gateway'], relayReplicas: 2, env: { RELAY_HEARTBEAT_MS: '300', ...env } }).catch(async (error: unknown) => {
    await pve.close();
    throw error;
  });
  const bus = new BusClient(stack.busOptions('gateway', 'relay-test'));
  const close = () => cleanUp([['bus', () => bus.onApplicationShutdown()], ['stack', () => stack.close()], ['proxmox', () => pve.close()]]);
  try {
    const { api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD);
    const serverId = await registerServer(api, admin, tenantId, pve);
    const identity = await grantIdentity(api, admin, tenantId);
    const guests = [...pve.cluster.guests.values()].filter((guest) => !guest.template);
    const vms = guests.filter((guest) => guest.type === 'qemu').slice(0, 2);
    const container = guests.find((guest) => guest.type === 'lxc');
    if (vms.length < 2 || !container) throw new Error('the simulated server needs two VMs and a container');
    return {
      pve,
      stack,
      api,
      admin,
      tenantId,
      serverId,
      identity,
      vms,
      container,
      mint: (request = {}) => mintConsoleGrant(stack, { pve, serverId, tenantId, vmid: vms[0]!.vmid, ...identity, ...request }),
      rpc: (contract, payload, as = {}) => {
        const tenant = as.tenantId === undefined ? tenantId : as.tenantId;
        return bus.request(contract, payload, { actor: as.actor ?? identity.actor, requestId: randomUUID(), ...(tenant ? { tenantId: tenant } : {}) });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
