// What every fault test shares: the product with one simulated Proxmox server, the user's calls
// (actions, consoles, live events), the ledger checks (audit chain, tasks, stored records) and
// the measured recovery times, written to .reports/faults/ for docs/RELIABILITY.md.
import { expect } from '@jest/globals';
import { appendFile, mkdir } from 'node:fs/promises';
import pg from 'pg';
import { ConsoleOpened } from '@pve-nexus/contracts';
import {
  addMember,
  cleanUp,
  connectRelay,
  REPO_ROOT,
  registerServer,
  rfbHandshake,
  signInSeededAdmin,
  startProxmoxServer,
  startStack,
  type ApiCall,
  type ProxmoxServer,
  type RelayConnection,
  type Stack,
  type StackOptions,
} from '@pve-nexus/testing';

export const PASSWORD = 'fault suite passphrase 1';

export interface World {
  pve: ProxmoxServer;
  stack: Stack;
  api: ApiCall;
  admin: string;
  manager: string;
  tenantId: string;
  /** `/api/v1/tenants/<id>` */
  tenant: string;
  serverId: string;
}

export async function startWorld(stackOptions: StackOptions, pveOptions: Partial<Parameters<typeof startProxmoxServer>[0]> = {}): Promise<World> {
  const pve = await startProxmoxServer({ name: 'faults', nodes: 1, guestsPerNode: 80, seed: 'faults', taskDurationMs: 1_500, ...pveOptions });
  const stack = await startStack({ services: ['inventory', 'executor', 'console-relay', 'gateway'], ...stackOptions, env: { HEALTH_CHECK_INTERVAL_MS: '0', ...stackOptions.env } });
  const { api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD);
  const manager = await addMember(api, admin, tenantId, 'operator@example.com', 'manager', PASSWORD);
  const serverId = await registerServer(api, admin, tenantId, pve);
  return { pve, stack, api, admin, manager, tenantId, tenant: `/api/v1/tenants/${tenantId}`, serverId };
}

/** Stops the world's stack and simulator after `first` (a test's own servers, replicas). */
export async function stopWorld(world: World | undefined, ...first: [string, () => Promise<unknown>][]): Promise<void> {
  await cleanUp([...first, ['stack', () => world?.stack.close()], ['proxmox', () => world?.pve.close()]]);
}

export function qemuGuests(world: World): { node: string; vmid: number }[] {
  return [...world.pve.cluster.guests.values()].filter((guest) => guest.type === 'qemu' && !guest.template && guest.state === 'running').map((guest) => ({ node: guest.node, vmid: guest.vmid }));
}

/** What the user got from an action: the HTTP status and either the task or the problem's code. */
export interface ActionAnswer {
  status: number;
  upid?: string;
  code?: string;
  ms: number;
}

/** A power action as the web sends it; never throws (a refused connection is status 0). */
export async function act(world: World, guest: { node: string; vmid: number }, action: 'start' | 'stop' | 'reboot' | 'shutdown', gatewayUrl = world.stack.gatewayUrl): Promise<ActionAnswer> {
  const started = Date.now();
  try {
    const res = await fetch(`${gatewayUrl}${world.tenant}/servers/${world.serverId}/nodes/${guest.node}/guests/${guest.vmid}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'qemu', action }),
    });
    const body = (await res.json().catch(() => ({}))) as { upid?: string; code?: string };
    return { status: res.status, upid: body.upid, code: body.code, ms: Date.now() - started };
  } catch {
    return { status: 0, code: 'CONNECTION_REFUSED', ms: Date.now() - started };
  }
}

/** A console granted by the gateway, attached through the relay and past VNC authentication. */
export async function openConsole(world: World, guest: { node: string; vmid: number }, relayUrl?: string): Promise<{ opened: ConsoleOpened; connection: RelayConnection }> {
  const res = await world.api('POST', `${world.tenant}/servers/${world.serverId}/nodes/${guest.node}/guests/${guest.vmid}/console`, { token: world.manager, body: { type: 'qemu' } });
  if (res.status !== 201) throw new Error(`console open: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  const opened = ConsoleOpened.parse(res.body);
  const connection = await connectRelay(relayUrl ?? opened.relayUrls[0]!, opened.token);
  await rfbHandshake(connection, opened.password ?? '');
  return { opened, connection };
}

/** Polls `check` until it gives a value; returns it with the time it took. Never a fixed sleep. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 120_000, intervalMs = 100): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls an action until it is accepted (202); the time is the user-visible recovery. */
export async function untilActionsWork(world: World, guest: { node: string; vmid: number }, seen: Set<string>, timeoutMs = 120_000): Promise<{ value: ActionAnswer; ms: number }> {
  return until('an action accepted again', async () => {
    const answer = await act(world, guest, 'reboot');
    seen.add(`${answer.status} ${answer.code ?? ''}`.trim());
    return answer.status === 202 ? answer : undefined;
  }, timeoutMs, 250);
}

export interface Ledger {
  /** Entries per chain equal to its highest seq and to its distinct seqs: nothing lost, nothing twice. */
  chains: { chain: string; entries: number; distinct: number; maxSeq: number }[];
  /** credential.decrypt entries per purpose (one per accepted action: `vm-<action>`). */
  decryptsByPurpose: Record<string, number>;
  consoleOpens: Map<string, number>;
  consoleCloses: Map<string, number>;
  servers: number;
}

/** Reads the audit table and server rows directly from the stack's database. */
export async function readLedger(world: World): Promise<Ledger> {
  const client = new pg.Client({ connectionString: world.stack.database.url });
  await client.connect();
  try {
    const chains = await client.query<{ chain: string; entries: string; distinct: string; max_seq: string }>(
      'SELECT chain, count(*) AS entries, count(DISTINCT seq) AS distinct, max(seq) AS max_seq FROM audit_entries GROUP BY chain',
    );
    const purposes = await client.query<{ purpose: string; n: string }>(
      "SELECT details->>'purpose' AS purpose, count(*) AS n FROM audit_entries WHERE action = 'credential.decrypt' GROUP BY 1",
    );
    const consoles = await client.query<{ action: string; session: string; n: string }>(
      "SELECT action, target_id AS session, count(*) AS n FROM audit_entries WHERE action IN ('console.open', 'console.close') AND outcome = 'success' GROUP BY 1, 2",
    );
    const servers = await client.query<{ n: string }>('SELECT count(*) AS n FROM proxmox_servers');
    return {
      chains: chains.rows.map((row) => ({ chain: row.chain, entries: Number(row.entries), distinct: Number(row.distinct), maxSeq: Number(row.max_seq) })),
      decryptsByPurpose: Object.fromEntries(purposes.rows.map((row) => [row.purpose, Number(row.n)])),
      consoleOpens: new Map(consoles.rows.filter((row) => row.action === 'console.open').map((row) => [row.session, Number(row.n)])),
      consoleCloses: new Map(consoles.rows.filter((row) => row.action === 'console.close').map((row) => [row.session, Number(row.n)])),
      servers: Number(servers.rows[0]!.n),
    };
  } finally {
    await client.end();
  }
}

/** The audit chains have no gap and no duplicate, and the gateway's own verification agrees. */
export async function expectIntactAudit(world: World): Promise<Ledger> {
  const ledger = await readLedger(world);
  for (const chain of ledger.chains) expect(chain).toEqual({ ...chain, entries: chain.maxSeq, distinct: chain.maxSeq });
  const verified = await world.api('POST', '/api/v1/audit/verify', { token: world.admin });
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ ok: true, problems: [] });
  return ledger;
}

/** Accepted actions each left exactly one decryption entry naming the action. */
export function expectOneDecryptPerAction(ledger: Ledger, accepted: ActionAnswer[], action: string, before = 0): void {
  expect((ledger.decryptsByPurpose[`vm-${action}`] ?? 0) - before).toBe(accepted.filter((answer) => answer.status === 202).length);
}

/** Appends one measurement to .reports/faults/results.jsonl (RELIABILITY.md quotes them) and prints it. */
export async function record(fault: string, numbers: Record<string, unknown>): Promise<void> {
  const line = JSON.stringify({ at: new Date().toISOString(), fault, ...numbers });
  await mkdir(`${REPO_ROOT}.reports/faults`, { recursive: true });
  await appendFile(`${REPO_ROOT}.reports/faults/results.jsonl`, `${line}\n`);
  process.stdout.write(`FAULT ${line}\n`);
}
