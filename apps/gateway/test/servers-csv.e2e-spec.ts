import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { apiClient, seedDemoAdmin, startStack, type ApiCall, type Stack } from '@pve-nexus/testing';

const HEADER = 'name,host,port,api_token,verify_ssl,use_tailscale,tailscale_hostname,tailscale_port';
const token = (i: number) => `nexus@pve!csv${i}=9d1e6c2a-0000-4000-8000-${String(i).padStart(12, '0')}`;
const row = (i: number, overrides: Partial<Record<'name' | 'port' | 'verify' | 'tailscale', string>> = {}) =>
  [overrides.name ?? `pve-${i}`, `127.1.${Math.floor(i / 250)}.${i % 250}`, overrides.port ?? '8006', token(i), overrides.verify ?? 'false', overrides.tailscale ?? 'false', '', ''].join(',');

describe('servers: CSV import and export, write-only tokens', () => {
  let stack: Stack;
  let api: ApiCall;
  let admin: string;
  let tenantId: string;

  const csv = (path: string, text: string) => api('POST', path, { token: admin, rawBody: text, headers: { 'content-type': 'text/csv' } });
  /** Walks every page, as a client of a 10,000-server tenant must. */
  const serverCount = async (tenant = tenantId) => {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: { body: { servers: unknown[]; nextCursor: string | null } } = await api('GET', `/api/v1/tenants/${tenant}/servers?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
      count += page.body.servers.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return count;
  };

  beforeAll(async () => {
    // No executor: stored servers are never contacted (the seed's example hosts included).
    stack = await startStack({ services: ['inventory', 'gateway'] });
    api = apiClient(stack.gatewayUrl);
    const seeded = await seedDemoAdmin(stack);
    const first = await api('POST', '/api/v1/auth/login', { body: { email: seeded.email, password: seeded.oneTimePassword } });
    await api('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: seeded.oneTimePassword, newPassword: 'csv test passphrase 1' } });
    admin = first.body.accessToken;
    tenantId = first.body.memberships[0].tenantId;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('reads the seed example, BOM, CRLF and quoted commas included', async () => {
    const text = `\uFEFF${HEADER}\r\nProduction,pve1.company.com,8006,user@realm!token=uuid-1,true,true,pve.tailnet.ts.net,8006\r\n"Lab, rack 2",127.0.0.100,8006,dev@pam!token=uuid-2,false,false,,\r\n`;
    const dry = await csv(`/api/v1/tenants/${tenantId}/servers/import`, text);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 2, valid: 2, invalid: 0, imported: 0 });
    const applied = await csv(`/api/v1/tenants/${tenantId}/servers/import?dryRun=false`, text);
    expect(applied.body).toMatchObject({ imported: 2 });
    const { servers } = (await api('GET', `/api/v1/tenants/${tenantId}/servers?limit=500`, { token: admin })).body;
    const production = servers.find((server: { name: string }) => server.name === 'Production');
    expect(production).toMatchObject({ tlsTrust: 'ca', useTailscale: true, tailscaleHostname: 'pve.tailnet.ts.net', endpoint: { host: 'pve.tailnet.ts.net', via: 'tailnet' } });
    expect(servers.map((server: { name: string }) => server.name)).toContain('Lab, rack 2');
  });

  it('changes nothing when one row is bad, names its line, and imports the fixed file whole', async () => {
    const before = await serverCount();
    const rows = [row(1), row(2, { port: '70000' }), row(3, { verify: 'maybe' }), row(4, { name: 'pve-1' }), row(5, { tailscale: 'true' })];
    const bad = `${HEADER}\n${rows.join('\n')}\n`;
    const dry = await csv(`/api/v1/tenants/${tenantId}/servers/import`, bad);
    expect(dry.body).toMatchObject({ rows: 5, valid: 1, invalid: 4 });
    expect(dry.body.problems).toEqual([
      { line: 3, name: 'pve-2', errors: [{ column: 'port', message: expect.any(String) }] },
      { line: 4, name: 'pve-3', errors: [{ column: 'verify_ssl', message: 'not a boolean (true/false, yes/no, 1/0)' }] },
      { line: 5, name: 'pve-1', errors: [{ column: 'name', message: 'duplicate of line 2' }] },
      { line: 6, name: 'pve-5', errors: [{ column: 'tailscale_hostname', message: 'required when useTailscale is on' }] },
    ]);
    const applied = await csv(`/api/v1/tenants/${tenantId}/servers/import?dryRun=false`, bad);
    expect(applied.status).toBe(400);
    expect(applied.body.errors.map((error: { path: string }) => error.path)).toEqual(['line 3.port', 'line 4.verify_ssl', 'line 5.name', 'line 6.tailscale_hostname']);
    expect(await serverCount()).toBe(before);

    const fixed = `${HEADER}\n${[row(1), row(2), row(3), row(4), row(5)].join('\n')}\n`;
    expect((await csv(`/api/v1/tenants/${tenantId}/servers/import?dryRun=false`, fixed)).body).toMatchObject({ imported: 5 });
    expect(await serverCount()).toBe(before + 5);
    const again = await csv(`/api/v1/tenants/${tenantId}/servers/import`, fixed);
    expect(again.body.problems[0].errors[0]).toEqual({ column: 'name', message: 'a server with this name exists' });
  });

  it('refuses a malformed file or header with the line', async () => {
    const unclosed = await csv(`/api/v1/tenants/${tenantId}/servers/import`, `${HEADER}\n"open,1\n`);
    expect(unclosed).toMatchObject({ status: 400, body: { errors: [{ path: 'line 2' }] } });
    const header = await csv(`/api/v1/tenants/${tenantId}/servers/import`, 'name,host,colour\nx,y,z\n');
    expect(header.body.errors.map((error: { message: string }) => error.message)).toEqual([
      expect.stringContaining('unknown column "colour"'),
      'missing column "api_token"',
    ]);
    expect((await api('POST', `/api/v1/tenants/${tenantId}/servers/import`, { token: admin, body: { csv: 'x' } })).status).toBe(400);
  });

  it("flags the rows over the tenant's quota", async () => {
    const small = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'small', name: 'Small', serverQuota: 3 } })).body.tenant.id;
    const text = `${HEADER}\n${[1, 2, 3, 4, 5].map((i) => row(i)).join('\n')}\n`;
    const dry = await csv(`/api/v1/tenants/${small}/servers/import`, text);
    expect(dry.body).toMatchObject({ valid: 3, invalid: 2 });
    expect(dry.body.problems.map((problem: { line: number }) => problem.line)).toEqual([5, 6]);
    const one = await api('POST', `/api/v1/tenants/${small}/servers`, { token: admin, body: { name: 'a', host: 'a.example', apiToken: token(1) } });
    expect(one.status).toBe(201);
    await api('POST', `/api/v1/tenants/${small}/servers`, { token: admin, body: { name: 'b', host: 'b.example', apiToken: token(2) } });
    await api('POST', `/api/v1/tenants/${small}/servers`, { token: admin, body: { name: 'c', host: 'c.example', apiToken: token(3) } });
    const over = await api('POST', `/api/v1/tenants/${small}/servers`, { token: admin, body: { name: 'd', host: 'd.example', apiToken: token(4) } });
    expect(over).toMatchObject({ status: 422, body: { code: 'QUOTA' } });
  });

  it('imports 10,000 rows in one go when the quota allows', async () => {
    const big = (await api('POST', '/api/v1/tenants', { token: admin, body: { slug: 'big', name: 'Big', serverQuota: 10_000 } })).body.tenant.id;
    const text = `${HEADER}\r\n${Array.from({ length: 10_000 }, (_, i) => row(i)).join('\r\n')}\r\n`;
    const dry = await csv(`/api/v1/tenants/${big}/servers/import`, text);
    expect(dry.body).toMatchObject({ rows: 10_000, valid: 10_000, invalid: 0 });
    const applied = await csv(`/api/v1/tenants/${big}/servers/import?dryRun=false`, text);
    expect(applied.body).toMatchObject({ imported: 10_000 });
    expect(await serverCount(big)).toBe(10_000);
  });

  it('exports the seed columns without tokens, and keeps tokens out of every answer, the database and the logs', async () => {
    const exported = await api('GET', `/api/v1/tenants/${tenantId}/servers/export`, { token: admin });
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = exported.text.trim().split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.find((line) => line.startsWith('Production,'))).toBe('Production,pve1.company.com,8006,,true,true,pve.tailnet.ts.net,8006');

    const secrets = ['uuid-1', 'uuid-2', ...[1, 2, 3, 4, 5].map((i) => token(i).split('=')[1])];
    const listed = await api('GET', `/api/v1/tenants/${tenantId}/servers`, { token: admin });
    for (const secret of secrets) {
      expect(listed.text).not.toContain(secret);
      expect(exported.text).not.toContain(secret);
    }
    const client = new pg.Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      const dump = JSON.stringify((await client.query('SELECT * FROM credentials')).rows) + JSON.stringify((await client.query('SELECT * FROM proxmox_servers')).rows);
      const audit = JSON.stringify((await client.query('SELECT details FROM audit_entries')).rows);
      for (const secret of secrets) {
        expect(dump).not.toContain(secret);
        expect(audit).not.toContain(secret);
      }
    } finally {
      await client.end();
    }
    const logs = [...stack.services.values()].map((service) => service.output.join('')).join('\n');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
