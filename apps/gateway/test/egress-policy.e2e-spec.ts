import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_EGRESS_POLICY } from '@pve-nexus/contracts';
import { addMember, registerServer, signInSeededAdmin, startProxmoxServer, startStack, type ApiCall, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

const PASSWORD = 'egress policy passphrase 1';
const POLICY = '/api/v1/egress-policy';

// Issue 16: any host was accepted for a server, including link-local metadata addresses and the
// product's own service ports, and the connection test told closed, slow and non-TLS ports apart.
describe('the egress policy for server addresses', () => {
  let pve: ProxmoxServer;
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let manager: string;
  let servers: string;
  let token: string;
  let tenantId: string;

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'egress', nodes: 1 });
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    ({ api, admin, tenantId } = await signInSeededAdmin(stack, PASSWORD));
    servers = `/api/v1/tenants/${tenantId}/servers`;
    manager = await addMember(api, admin, tenantId, 'manager@example.com', 'manager', PASSWORD);
    token = `${pve.tokens.full.tokenId}=${pve.tokens.full.secret}`;
  });

  afterAll(async () => {
    await stack?.close();
    await pve?.close();
  });

  const create = (host: string, port: number, name = `s-${host}-${port}`) => api('POST', servers, { token: manager, body: { name, host, port, apiToken: token } });
  const problemOn = (res: { status: number; headers: Headers; body: { errors?: unknown } }, path: string) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    // The field as the client sent it (the body pipe may prefix `body.`).
    expect(res.body.errors).toEqual([{ path: expect.stringMatching(new RegExp(`^(body\\.)?${path.replace(/\./g, '\\.')}$`)), message: expect.any(String) }]);
  };

  it('denies link-local addresses and the product’s own ports on loopback by default, and keeps loopback open', async () => {
    expect((await api('GET', POLICY, { token: admin })).body).toEqual({ ...DEFAULT_EGRESS_POLICY, updatedAt: null });
    for (const [host, port] of [['169.254.169.254', 443], ['fe80::1', 8006], ['::ffff:169.254.169.254', 8006], ['127.0.0.1', 5432], ['127.0.0.1', 6379], ['127.0.0.1', 4222], ['localhost', 8080], ['0.0.0.0', 9101], ['::1', 9103], ['127.0.0.1', 14222]] as const) {
      problemOn(await create(host, port), 'host');
    }
    problemOn(await api('POST', servers, { token: manager, body: { name: 'via-tailnet', host: '127.0.0.1', port: pve.port, apiToken: token, useTailscale: true, tailscaleHostname: '100.64.0.1', tailscalePort: 8006 } }).then(async (ok) => {
      expect(ok.status).toBe(201); // a tailnet address is neither link-local nor loopback
      return api('PATCH', `${servers}/${ok.body.server.id}`, { token: manager, body: { host: '169.254.0.1', apiToken: token } });
    }), 'host');
    // The simulated Proxmox servers of tests and the demo live on loopback ports.
    expect((await create(pve.host, pve.port, 'simulator')).status).toBe(201);
    // A test before saving dials under the same policy.
    const draft = await api('POST', `${servers}/test`, { token: manager, body: { name: 'draft', host: '127.0.0.1', port: 5432, apiToken: token } });
    expect(draft.body).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('egress policy') });
  });

  it('reports denied rows of a CSV import by column, and imports none of them', async () => {
    const csv = `name,host,port,api_token\nmeta,169.254.169.254,443,${token}\nredis,127.0.0.1,6379,${token}\nfine,127.0.0.1,${pve.port},${token}\n`;
    const report = await api('POST', `${servers}/import?dryRun=true`, { token: manager, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(report.body).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
    expect(report.body.problems.map((row: { line: number; errors: { column: string }[] }) => [row.line, row.errors.map((error) => error.column)])).toEqual([
      [2, ['host']],
      [3, ['host']],
    ]);
    const applied = await api('POST', `${servers}/import?dryRun=false`, { token: manager, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(applied.status).toBe(400);
  });

  it('is read and changed by a global admin only, with validation as problem+json', async () => {
    expect((await api('GET', POLICY, { token: manager })).status).toBe(403);
    expect((await api('PUT', POLICY, { token: manager, body: { denyLinkLocal: false, deniedLoopbackPorts: [] } })).status).toBe(403);
    expect((await api('GET', POLICY)).status).toBe(401);
    problemOn(await api('PUT', POLICY, { token: admin, body: { denyLinkLocal: true, deniedLoopbackPorts: [0] } }), 'deniedLoopbackPorts.0');
    problemOn(await api('PUT', POLICY, { token: admin, body: { denyLinkLocal: true, deniedLoopbackPorts: [5432, 5432] } }), 'deniedLoopbackPorts');
    problemOn(await api('PUT', POLICY, { token: admin, body: { denyLinkLocal: 'no', deniedLoopbackPorts: [] } }), 'denyLinkLocal');
    expect((await api('PUT', POLICY, { token: admin, body: { denyLinkLocal: true, deniedLoopbackPorts: [], extra: 1 } })).status).toBe(400);
  });

  it('lets a global admin override it, and applies the new policy when dialling a stored server', async () => {
    const serverId = await registerServer(api, admin, tenantId, pve, { name: 'dialled' });
    const relaxed = await api('PUT', POLICY, { token: admin, body: { denyLinkLocal: false, deniedLoopbackPorts: [5432] } });
    expect(relaxed.status).toBe(200);
    expect(relaxed.body).toMatchObject({ denyLinkLocal: false, deniedLoopbackPorts: [5432], updatedAt: expect.any(String) });
    expect((await create('127.0.0.1', 6379)).status).toBe(201);

    // The stored server's own port becomes denied: the next dial refuses it, with the reason.
    expect((await api('PUT', POLICY, { token: admin, body: { ...DEFAULT_EGRESS_POLICY, deniedLoopbackPorts: [...DEFAULT_EGRESS_POLICY.deniedLoopbackPorts, pve.port] } })).status).toBe(200);
    const tested = await api('POST', `${servers}/${serverId}/test`, { token: manager });
    expect(tested.body).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('egress policy') });
    const audit = await api('GET', '/api/v1/audit?action=egress.update', { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toHaveLength(2);
    expect((await api('PUT', POLICY, { token: admin, body: DEFAULT_EGRESS_POLICY })).status).toBe(200);
  });

  it('takes allow and deny lists of address ranges', async () => {
    problemOn(await api('PUT', POLICY, { token: admin, body: { ...DEFAULT_EGRESS_POLICY, deniedRanges: ['127.0.0.0/33'] } }), 'deniedRanges.0');
    const ranges = await api('PUT', POLICY, { token: admin, body: { ...DEFAULT_EGRESS_POLICY, deniedRanges: ['127.0.0.200/32'], allowedRanges: ['127.0.0.0/8'] } });
    expect(ranges.body).toMatchObject({ deniedRanges: ['127.0.0.200/32'], allowedRanges: ['127.0.0.0/8'] });
    problemOn(await create('127.0.0.200', 8006), 'host');
    problemOn(await create('::1', 8006), 'host');
    expect((await create('127.0.0.201', 8006)).status).toBe(201);
    expect((await api('PUT', POLICY, { token: admin, body: DEFAULT_EGRESS_POLICY })).status).toBe(200);
  });
});
