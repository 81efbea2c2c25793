import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addMember,
  registerServer,
  signInSeededAdmin,
  startCredentialTrap,
  startProxmoxServer,
  startStack,
  type ApiCall,
  type CredentialTrap,
  type ProxmoxServer,
  type Stack,
} from '@pve-nexus/testing';

const PASSWORD = 'exfiltration test passphrase 1';
const ATTACKER_TOKEN = 'mallory@pve!own=00000000-0000-4000-8000-00000000beef';

// Issue 16's first finding: a manager pointed a server at a host of theirs and had the connection
// test send them the stored `PVEAPIToken=…`. The stored token must reach no endpoint whose identity
// was not established, whatever the manager (or the manager's API key) does.
describe('a stored Proxmox token never reaches an endpoint a manager points the server at', () => {
  let pve: ProxmoxServer;
  let trap: CredentialTrap;
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenant: string;
  let serverId: string;
  let managers: Array<[string, string]>;
  let storedSecret: string;

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'victim', nodes: 1 });
    trap = await startCredentialTrap();
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    let tenantId: string;
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    tenant = `/api/v1/tenants/${tenantId}`;
    serverId = await registerServer(api, admin, tenantId, pve);
    storedSecret = pve.tokens.full.secret;
    const manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    const key = await api('POST', `${tenant}/api-keys`, { token: admin, body: { name: 'automation', role: 'manager' } });
    expect(key.status).toBe(201);
    managers = [
      ['manager', manager],
      ['manager API key', key.body.token as string],
    ];
  });

  afterAll(async () => {
    await stack?.close();
    await trap?.close();
    await pve?.close();
  });

  const leaked = () => trap.received().includes(storedSecret);

  it('refuses to move a server without its token entered again, and leaves it as it was', async () => {
    for (const [who, token] of managers) {
      for (const move of [{ host: trap.host, port: trap.port }, { port: trap.port }, { useTailscale: true, tailscaleHostname: 'trap.tail-test.ts.net', tailscalePort: trap.port }]) {
        const res = await api('PATCH', `${tenant}/servers/${serverId}`, { token, body: move });
        expect({ who, move, status: res.status, errors: res.body.errors }).toEqual({ who, move, status: 400, errors: [{ path: 'apiToken', message: expect.any(String) }] });
      }
      // Nothing changed: the test still reaches the real server with its accepted pins.
      const tested = await api('POST', `${tenant}/servers/${serverId}/test`, { token });
      expect(tested.body).toMatchObject({ ok: true, endpoint: { host: pve.host, port: pve.port } });
    }
    expect(trap.received()).toBe('');
  });

  it('moves it with a token of the mover\'s own: the trap gets that one, never the stored one, and nothing runs until its certificate is accepted', async () => {
    const [, manager] = managers[0]!;
    const moved = await api('PATCH', `${tenant}/servers/${serverId}`, { token: manager, body: { host: trap.host, port: trap.port, apiToken: ATTACKER_TOKEN } });
    expect(moved.status).toBe(200);
    expect(moved.body.server.pins).toEqual([]);

    // First use: the test shows the new certificate, with the token entered for this address.
    const tested = await api('POST', `${tenant}/servers/${serverId}/test`, { token: manager });
    expect(tested.body).toMatchObject({ ok: false, reason: 'unauthorized', presentedFingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    expect(trap.received()).toContain(`PVEAPIToken=${ATTACKER_TOKEN}`);

    // Fleet list, actions, consoles and the API browser refuse the unaccepted certificate before any request.
    const guest = [...pve.cluster.guests.values()][0]!;
    const fleet = await api('GET', `${tenant}/fleet`, { token: manager });
    expect(fleet.body.servers.find((server: { serverId: string }) => server.serverId === serverId)).toMatchObject({ status: 'error', error: { reason: 'tls-pin-mismatch' } });
    const action = await api('POST', `${tenant}/servers/${serverId}/nodes/${guest.node}/guests/${guest.vmid}/actions`, { token: manager, body: { type: guest.type, action: 'start' } });
    expect(action.status).toBe(409);
    expect(action.body).toMatchObject({ code: 'UNTRUSTED_ENDPOINT' });
    const consoleOpen = await api('POST', `${tenant}/servers/${serverId}/nodes/${guest.node}/guests/${guest.vmid}/console`, { token: manager, body: { type: guest.type } });
    expect(consoleOpen.status).toBe(409);
    expect(consoleOpen.body).toMatchObject({ code: 'UNTRUSTED_ENDPOINT' });
    const browse = await api('GET', `${tenant}/servers/${serverId}/api/version`, { token: manager });
    expect(browse.status).toBe(409);

    expect(leaked()).toBe(false);
  });

  it('probes a new address without credentials first: something that does not answer like Proxmox gets no token at all', async () => {
    const other = await startCredentialTrap('127.0.0.1', 'other');
    try {
      const [, manager] = managers[0]!;
      const created = await api('POST', `${tenant}/servers`, { token: manager, body: { name: 'typo', host: other.host, port: other.port, apiToken: ATTACKER_TOKEN } });
      expect(created.status).toBe(201);
      const tested = await api('POST', `${tenant}/servers/${created.body.server.id}/test`, { token: manager });
      expect(tested.body).toMatchObject({ ok: false, reason: 'protocol', presentedFingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
      expect(other.received()).toContain('GET /api2/json/version');
      expect(other.received()).not.toMatch(/authorization|PVEAPIToken/i);
    } finally {
      await other.close();
    }
  });

  it('never sent the stored token anywhere but the real server', () => {
    expect(leaked()).toBe(false);
    expect(trap.received()).not.toMatch(/PVEAPIToken=root@pam/);
  });
});
