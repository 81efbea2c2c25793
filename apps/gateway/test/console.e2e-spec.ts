import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { AccessRevokedBroadcast, CONSOLE_GRANT_SEAL_PURPOSE, ConsoleGrant, consoleGrantKey, ConsoleOpened, type AccessRevoked } from '@pve-nexus/contracts';
import { openWithToken, tokenDigest } from '@pve-nexus/crypto';
import { Broadcaster, type BroadcastSubscription } from '@pve-nexus/messaging';
import { addMember, cleanUp, registerServer, signInSeededAdmin, startProxmoxServer, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'console test passphrase 1';

/** The sign-in session an access token names (`sid`). */
const sessionOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sid;

describe('opening a console: a Proxmox ticket behind a one-time token', () => {
  let pve: ProxmoxServer;
  let stack: Stack;
  let redis: Redis;
  let redisPrefix: string;
  let api: ApiCall;
  let admin: string;
  let manager: string;
  let viewer: string;
  let tenantId: string;
  let serverId: string;
  let otherServerId: string;
  let readOnlyServerId: string;
  const secrets: string[] = [];

  const guestOf = (type: 'qemu' | 'lxc', node: string) => {
    const guest = [...pve.cluster.guests.values()].find((candidate) => candidate.type === type && candidate.node === node);
    if (!guest) throw new Error(`the simulated cluster has no ${type} on ${node}`);
    return guest;
  };
  const open = (token: string, guest: { node: string; vmid: number }, body: unknown, server = serverId, tenant = tenantId) =>
    api('POST', `/api/v1/tenants/${tenant}/servers/${server}/nodes/${guest.node}/guests/${guest.vmid}/console`, { token, body });
  const storedGrant = async (token: string) => {
    const sealed = await redis.get(`${redisPrefix}${consoleGrantKey(tokenDigest(token))}`);
    if (!sealed) throw new Error('no grant stored under the token’s digest');
    return { sealed, grant: ConsoleGrant.parse(JSON.parse(openWithToken(token, CONSOLE_GRANT_SEAL_PURPOSE, sealed))) };
  };

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'console-sim', nodes: 2, guestsPerNode: 6 });
    // info: the access log and every service's own lines are searched for secrets below.
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'], env: { LOG_LEVEL: 'info' } });
    redisPrefix = stack.service('gateway').options.env.REDIS_KEY_PREFIX ?? '';
    redis = new Redis(stack.service('gateway').options.env.REDIS_URL ?? '', { lazyConnect: true });
    await redis.connect();
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    viewer = await addMember(api, admin, tenantId, 'viewer@example.com', 'viewer', PASSWORD);
    serverId = await registerServer(api, admin, tenantId, pve);
    readOnlyServerId = await registerServer(api, admin, tenantId, pve, {
      name: 'read-only token',
      apiToken: `${pve.tokens.readOnly.tokenId}=${pve.tokens.readOnly.secret}`,
    });
    const other = await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'elsewhere', name: 'Elsewhere' } });
    otherServerId = await registerServer(api, admin, other.body.tenant.id, pve);
  });

  afterAll(async () => {
    await cleanUp([
      ['redis', () => redis?.quit()],
      ['stack', () => stack?.close()],
      ['proxmox', () => pve?.close()],
    ]);
  });

  it('gives a manager a full console: token, relays, the VNC password and the guest', async () => {
    const guest = guestOf('qemu', pve.nodes[0]!);
    const res = await open(manager, guest, { type: 'qemu' });
    expect(res.status).toBe(201);
    const opened = ConsoleOpened.parse(res.body);
    expect(opened).toMatchObject({
      protocol: 'vnc',
      viewOnly: false,
      password: expect.stringMatching(/^.{8}$/),
      guest: { serverId, serverName: pve.name, node: guest.node, vmid: guest.vmid, type: 'qemu', name: guest.name },
    });
    expect(opened.token).toHaveLength(43);
    expect(opened.relayUrls.every((url) => /^wss?:\/\//.test(url))).toBe(true);
    expect(Date.parse(opened.expiresAt)).toBeGreaterThan(Date.now());

    const { grant } = await storedGrant(opened.token);
    secrets.push(opened.token, opened.password!, grant.ticket);
    expect(grant).toMatchObject({
      sessionId: opened.sessionId,
      tenantId,
      actor: { type: 'user', tenantRole: 'manager' },
      authSessionId: sessionOf(manager),
      serverId,
      serverName: pve.name,
      node: guest.node,
      vmid: guest.vmid,
      guestType: 'qemu',
      guestName: guest.name,
      protocol: 'vnc',
      viewOnly: false,
      ticket: expect.stringMatching(/^PVEVNC:/),
      pveUser: pve.tokens.full.tokenId,
    });
    expect(grant.acceptBy).toBeGreaterThan(grant.issuedAt - 10_000);
    expect(Date.parse(opened.expiresAt)).toBeLessThanOrEqual(grant.acceptBy);
    // Redis forgets it within the token's lifetime (30 s by default).
    const ttl = await redis.pttl(`${redisPrefix}${consoleGrantKey(tokenDigest(opened.token))}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('stores nothing in Redis that opens without the token: no token, ticket or password in clear', async () => {
    const res = await open(manager, guestOf('qemu', pve.nodes[0]!), { type: 'qemu' });
    const opened = ConsoleOpened.parse(res.body);
    const { sealed, grant } = await storedGrant(opened.token);
    secrets.push(opened.token, opened.password!, grant.ticket);
    expect(() => openWithToken(`${opened.token.slice(0, -1)}${opened.token.endsWith('A') ? 'B' : 'A'}`, CONSOLE_GRANT_SEAL_PURPOSE, sealed)).toThrow();
    const keys = await redis.keys(`${redisPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const value = (await redis.type(key)) === 'string' ? ((await redis.get(key)) ?? '') : '';
      for (const text of [key, value, Buffer.from(value, 'base64').toString('latin1')]) {
        expect(text).not.toContain(opened.token);
        expect(text).not.toContain(grant.ticket);
        expect(text).not.toContain(opened.password);
        expect(text).not.toContain('PVEVNC');
      }
    }
  });

  it('gives a viewer a view-only console, and containers a terminal by default', async () => {
    const vm = await open(viewer, guestOf('qemu', pve.nodes[1]!), { type: 'qemu' });
    expect(vm.status).toBe(201);
    expect(vm.body).toMatchObject({ viewOnly: true, protocol: 'vnc', password: expect.any(String) });
    expect((await storedGrant(vm.body.token)).grant).toMatchObject({ viewOnly: true, actor: { tenantRole: 'viewer' }, authSessionId: sessionOf(viewer) });

    const ct = guestOf('lxc', pve.nodes[0]!);
    const term = await open(viewer, ct, { type: 'lxc' });
    expect(term.status).toBe(201);
    expect(term.body).toMatchObject({ viewOnly: true, protocol: 'term', guest: { type: 'lxc', vmid: ct.vmid } });
    expect(term.body.password).toBeUndefined();
    // A container's VNC console (vncterm) authenticates with the ticket; the browser gets only what VNC reads of it.
    const vnc = await open(manager, ct, { type: 'lxc', protocol: 'vnc' });
    expect(vnc.status).toBe(201);
    expect(vnc.body.password).toMatch(/^PVEVNC:.$/);
    secrets.push(vm.body.token, term.body.token, vnc.body.token);
  });

  it('audits the credential decryption of each open, naming the console', async () => {
    const audit = await api('GET', `/api/v1/tenants/${tenantId}/audit?action=credential.decrypt&limit=200`, { token: admin });
    expect(audit.body.entries.some((entry: { details: { purpose?: string } }) => entry.details.purpose === 'console')).toBe(true);
  });

  it('refuses a server of another tenant, and a tenant one is not a member of', async () => {
    const guest = guestOf('qemu', pve.nodes[0]!);
    const foreign = await open(manager, guest, { type: 'qemu' }, otherServerId);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'NOT_FOUND' });
    const otherTenant = (await api('GET', '/api/v1/tenants', { token: admin })).body.tenants.find((tenant: { slug: string }) => tenant.slug === 'elsewhere').id;
    const outside = await open(manager, guest, { type: 'qemu' }, otherServerId, otherTenant);
    expect(outside.status).toBe(403);
  });

  it('answers a bad body with problem+json naming the field', async () => {
    const res = await open(manager, guestOf('qemu', pve.nodes[0]!), { type: 'vm', protocol: 'rdp' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.protocol', 'body.type']);
  });

  it('turns Proxmox refusals and failures into clear errors', async () => {
    const elsewhere = guestOf('qemu', pve.nodes[1]!);
    const wrongNode = await open(manager, { node: pve.nodes[0]!, vmid: elsewhere.vmid }, { type: 'qemu' });
    expect(wrongNode.status).toBe(404);
    expect(wrongNode.body.detail).toMatch(/does not exist/);

    const guest = guestOf('qemu', pve.nodes[0]!);
    const denied = await open(manager, guest, { type: 'qemu' }, readOnlyServerId);
    expect(denied.status).toBe(502);
    expect(denied.body).toMatchObject({ code: 'UPSTREAM_AUTH', detail: expect.stringContaining('VM.Console') });

    pve.failRequests({ status: 595, count: 1, path: /\/vncproxy$/ });
    const unreachable = await open(manager, guest, { type: 'qemu' });
    expect(unreachable.status).toBe(502);
    expect(unreachable.body).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', detail: expect.stringContaining('could not reach the node') });

    // What qemu-server's vncproxy answers for a stopped VM (the simulator serves those consoles anyway).
    pve.failRequests({ status: 500, count: 1, message: `VM ${guest.vmid} not running`, path: /\/vncproxy$/ });
    const stopped = await open(manager, guest, { type: 'qemu' });
    expect(stopped.status).toBe(409);
    expect(stopped.body).toMatchObject({ code: 'CONFLICT', detail: `Proxmox refused: VM ${guest.vmid} not running` });
  });

  it('never writes a token, ticket or VNC password to a log', () => {
    expect(secrets.length).toBeGreaterThan(5);
    const logs = [...stack.services.values()].map((service) => service.output.join('')).join('\n');
    // The access log did record the console opens: the search below is over real lines.
    expect(logs).toContain('/console');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});

describe('inventory broadcasts AccessRevoked when someone loses access', () => {
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenantId: string;
  let broadcaster: Broadcaster;
  let subscription: BroadcastSubscription;
  const heard: AccessRevoked[] = [];
  let wake: () => void = () => undefined;
  /** The next broadcast matching `expected`, once it arrives. */
  const hear = (expected: Partial<AccessRevoked>) =>
    new Promise<AccessRevoked>((resolve) => {
      wake = () => {
        const found = heard.find((message) => Object.entries(expected).every(([key, value]) => message[key as keyof AccessRevoked] === value));
        if (found) resolve(found);
      };
      wake();
    });

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory', 'gateway'] });
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    broadcaster = new Broadcaster(stack.busOptions('console-relay', 'console-e2e'));
    subscription = await broadcaster.subscribe(AccessRevokedBroadcast, (message) => {
      heard.push(message);
      wake();
    });
  });

  afterAll(async () => {
    await cleanUp([
      ['subscription', () => subscription?.close()],
      ['broadcaster', () => broadcaster?.onApplicationShutdown()],
      ['stack', () => stack?.close()],
    ]);
  });

  it('on deactivation, sign-out, role change and removal', async () => {
    const member = await addMember(api, admin, tenantId, 'leaver@example.com', 'manager', PASSWORD);
    const userId = (await api('GET', '/api/v1/me', { token: member })).body.user.id as string;

    expect((await api('PUT', `/api/v1/tenants/${tenantId}/members`, { token: admin, body: { email: 'leaver@example.com', role: 'viewer' } })).status).toBe(200);
    await expect(hear({ userId, tenantId, reason: 'member-role-changed' })).resolves.toBeDefined();

    const session = sessionOf(member);
    expect((await api('POST', '/api/v1/auth/logout', { token: member })).status).toBe(204);
    await expect(hear({ authSessionId: session, reason: 'signed-out' })).resolves.toMatchObject({ userId });

    expect((await api('DELETE', `/api/v1/tenants/${tenantId}/members/${userId}`, { token: admin })).status).toBe(204);
    await expect(hear({ userId, tenantId, reason: 'member-removed' })).resolves.toBeDefined();

    expect((await api('PATCH', `/api/v1/users/${userId}`, { token: admin, body: { active: false } })).status).toBe(200);
    await expect(hear({ userId, reason: 'user-deactivated' })).resolves.toEqual({ userId, reason: 'user-deactivated' });
  });

  it('on a password change (the other sessions), a replayed refresh token, a revoked API key and a deactivated tenant', async () => {
    const shortLived = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'short-lived', name: 'Short-lived' } })).body.tenant.id as string;
    const password = `${PASSWORD}!`;
    await addMember(api, admin, shortLived, 'mover@example.com', 'viewer', PASSWORD);
    const signIn = async () => (await api('POST', '/api/v1/auth/login', { body: { email: 'mover@example.com', password } })).body;
    const [kept, other] = [await signIn(), await signIn()];
    expect((await api('POST', '/api/v1/auth/password', { token: kept.accessToken, body: { currentPassword: password, newPassword: `${password}?` } })).status).toBe(204);
    await expect(hear({ authSessionId: sessionOf(other.accessToken), reason: 'password-changed' })).resolves.toMatchObject({ userId: kept.user.id });

    const replayed = (await api('POST', '/api/v1/auth/login', { body: { email: 'mover@example.com', password: `${password}?` } })).body;
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: replayed.refreshToken } })).status).toBe(200);
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: replayed.refreshToken } })).status).toBe(401);
    await expect(hear({ authSessionId: sessionOf(replayed.accessToken), reason: 'refresh-token-replayed' })).resolves.toMatchObject({ userId: kept.user.id });

    const key = (await api('POST', `/api/v1/tenants/${shortLived}/api-keys`, { token: admin, body: { name: 'ci', role: 'viewer' } })).body.apiKey.id as string;
    expect((await api('DELETE', `/api/v1/tenants/${shortLived}/api-keys/${key}`, { token: admin })).status).toBe(200);
    await expect(hear({ apiKeyId: key, reason: 'api-key-revoked' })).resolves.toMatchObject({ tenantId: shortLived });

    expect((await api('POST', `/api/v1/tenants/${shortLived}/deactivate`, { token: admin })).status).toBe(200);
    await expect(hear({ tenantId: shortLived, reason: 'tenant-deactivated' })).resolves.toEqual({ tenantId: shortLived, reason: 'tenant-deactivated' });
  });
});
