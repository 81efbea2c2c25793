import { describe, expect, it } from '@jest/globals';
import type { ConsoleProtocol, GuestType, RequestMeta, ServerConnection } from '@pve-nexus/contracts';
import { ProxmoxError, type PveConsoleProxy } from '@pve-nexus/proxmox-client';
import type { ServerConnections } from '../fleet/server-connections.service.js';
import { ConsoleService } from './console.service.js';
import type { ConsoleTarget, ProxmoxConsoleRepository } from './proxmox-console.repository.js';

const TENANT = '00000000-0000-4000-8000-000000000001';
const SERVER = '00000000-0000-4000-8000-000000000002';
const TICKET = 'PVEVNC:6740A1B2::c2lnbmF0dXJl';
const UPID = 'UPID:pve1:0000A1B2:0001C3D4:6740A1B2:vncproxy:100:root@pam!nexus:';
const viewer: RequestMeta = { actor: { type: 'user', userId: TENANT, globalRole: 'user', tenantRole: 'viewer', mustChangePassword: false }, tenantId: TENANT, requestId: 'req-1' };

/** A Proxmox that answers vncproxy/termproxy like a real one (or fails as told), and records what was asked. */
function setUp(answer: (target: ConsoleTarget) => PveConsoleProxy | Error) {
  const asked: { purpose: string; target?: ConsoleTarget; budgetMs?: number } = { purpose: '' };
  const connections = {
    fresh: async (_meta: RequestMeta, _serverId: string, purpose: string) => ((asked.purpose = purpose), {} as ServerConnection),
  } as unknown as ServerConnections;
  const proxmox = {
    openProxy: async (_connection: ServerConnection, target: ConsoleTarget, budgetMs: number) => {
      Object.assign(asked, { target, budgetMs });
      const result = answer(target);
      if (result instanceof Error) throw result;
      return result;
    },
    guestName: async () => 'web-01',
  } as unknown as ProxmoxConsoleRepository;
  const service = new ConsoleService(connections, proxmox);
  const ticket = (type: GuestType, protocol: ConsoleProtocol, meta = viewer) => service.ticket({ serverId: SERVER, node: 'pve1', vmid: 100, type, protocol }, meta);
  return { ticket, asked };
}

describe('ConsoleService.ticket', () => {
  it('gives a viewer a QEMU ticket with the generated password, to be used within the worker’s window', async () => {
    const { ticket, asked } = setUp(() => ({ user: 'root@pam!nexus', ticket: TICKET, port: 5901, upid: UPID, password: 'Ab3$ef+g' }));
    const before = Date.now();
    const result = await ticket('qemu', 'vnc');
    const after = Date.now();
    expect(result).toMatchObject({ node: 'pve1', port: 5901, ticket: TICKET, pveUser: 'root@pam!nexus', upid: UPID, password: 'Ab3$ef+g', guestName: 'web-01' });
    expect(asked.purpose).toBe('console');
    // 10 s of the Proxmox worker, minus the relay's margin; a later answer is not waited for.
    expect(result.acceptBy).toBeGreaterThanOrEqual(before + 8_000);
    expect(result.acceptBy).toBeLessThanOrEqual(after + 8_000);
    expect(asked.budgetMs).toBe(8_000);
  });

  it('uses the ticket’s first 8 bytes as the VNC password of a container (vncterm), and none for a terminal', async () => {
    const { ticket } = setUp(() => ({ user: 'root@pam!nexus', ticket: TICKET, port: 5900, upid: UPID }));
    expect((await ticket('lxc', 'vnc')).password).toBe('PVEVNC:6');
    expect((await ticket('lxc', 'term')).password).toBeUndefined();
  });

  it('turns Proxmox refusals into clear errors', async () => {
    const missing = new ProxmoxError('http-error', "POST /nodes/pve1/qemu/100/vncproxy: HTTP 500 Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist", null, 500);
    await expect(setUp(() => missing).ticket('qemu', 'vnc')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('does not exist') });
    const forbidden = new ProxmoxError('forbidden', 'API token lacks a permission (403 Permission check failed (/vms/100, VM.Console))', null, 403);
    await expect(setUp(() => forbidden).ticket('qemu', 'vnc')).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('VM.Console') });
  });

  it('refuses API keys and people outside the tenant before asking Proxmox', async () => {
    const { ticket, asked } = setUp(() => new Error('must not be asked'));
    const apiKey: RequestMeta = { actor: { type: 'api-key', apiKeyId: SERVER, tenantId: TENANT, tenantRole: 'admin' }, tenantId: TENANT, requestId: 'r' };
    const outsider: RequestMeta = { ...viewer, actor: { type: 'user', userId: TENANT, globalRole: 'user', mustChangePassword: false } };
    await expect(ticket('qemu', 'vnc', apiKey)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ticket('qemu', 'vnc', outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(asked.purpose).toBe('');
  });
});
