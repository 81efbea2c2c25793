import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { NexusError, type TailnetCredentials } from '@pve-nexus/contracts';
import { headscaleFixture } from '../../test/fixtures.js';
import { TailnetClient } from '../tailnet.client.js';

/**
 * A stand-in for headscale that answers with the saved real answers (test/fixtures/headscale), to
 * check what the client sends and how it maps what comes back. The real headscale is tested by the
 * headscale harness, not here.
 */
describe('TailnetClient on headscale (saved answers)', () => {
  const apiToken = 'hskey-api-fixtureKey12-0123456789abcdefghij';
  let server: Server;
  let credentials: Extract<TailnetCredentials, { control: 'headscale' }>;
  let received: Array<{ method: string; path: string; body: string; authorization: string | undefined }>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({ method: request.method ?? '', path, body, authorization: request.headers.authorization });
        const json = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        // headscale accepts only Bearer; anything else is a text/plain 401 (TAILNET.md §6).
        if (request.headers.authorization !== `Bearer ${apiToken}`) return void response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('Unauthorized');
        if (path === '/api/v1/node') return json(200, headscaleFixture('headscale-GET-node'));
        if (path === '/api/v1/user?name=alice') return json(200, headscaleFixture('headscale-GET-user'));
        if (path.startsWith('/api/v1/user?name=')) return json(200, { users: [] });
        if (path === '/api/v1/preauthkey' && request.method === 'POST') return json(200, headscaleFixture('headscale-POST-preauthkey'));
        if (path === '/api/v1/preauthkey') return json(200, headscaleFixture('headscale-GET-preauthkey'));
        if (path === '/api/v1/preauthkey/expire') return (JSON.parse(body) as { id: string }).id === '99' ? json(404, { code: 5, message: 'pre auth key not found', details: [] }) : json(200, {});
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    credentials = { control: 'headscale', method: 'api_token', url: `http://127.0.0.1:${port}`, apiToken, magicDnsSuffix: 'tailnet.test', user: 'alice' };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
  });

  const client = (changes: Partial<typeof credentials> = {}) => new TailnetClient({ credentials: { ...credentials, ...changes }, timeoutMs: 3_000, retry: { baseDelayMs: 5 } });
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error as NexusError);

  it('lists nodes as devices and names the tailnet by its base domain', async () => {
    const devices = await client().listDevices();
    expect(devices.map((device) => device.name)).toEqual(['node-b.tailnet.test', 'node-a.tailnet.test']);
    expect(await client().tailnetInfo()).toEqual({ tailnet: 'tailnet.test', deviceCount: 2 });
    expect(received[0]).toMatchObject({ method: 'GET', path: '/api/v1/node', authorization: `Bearer ${apiToken}` });
  });

  it("creates a pre-auth key for the user's numeric id with an absolute expiry, and lists keys without them", async () => {
    const before = Date.now();
    const created = await client().createAuthKey({ reusable: false, ephemeral: true, preauthorized: true, tags: ['tag:pve'], expirySeconds: 3_600, description: '' });
    expect(created.key).toBe('hskey-auth-TLsUd9oSiFvk-<64-char secret redacted>');
    expect(created.view).toMatchObject({ id: '2', prefix: 'hskey-auth-TLsUd9oSiFvk', ephemeral: true, reusable: false });
    expect(received.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/user?name=alice', 'POST /api/v1/preauthkey']);
    const sent = JSON.parse(received[1]?.body ?? '{}') as { user: string; expiration: string; aclTags: string[]; reusable: boolean; ephemeral: boolean };
    expect(sent).toMatchObject({ user: '1', reusable: false, ephemeral: true, aclTags: ['tag:pve'] });
    expect(Date.parse(sent.expiration) - before).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.parse(sent.expiration) - Date.now()).toBeLessThanOrEqual(3_600_000);

    const keys = await client().listAuthKeys();
    expect(keys.map((key) => key.prefix)).toEqual(['hskey-auth-uoM-wZJhlkAf', 'hskey-auth-TLsUd9oSiFvk']);
    expect(JSON.stringify(keys)).not.toMatch(/"key"/);
  });

  it('revokes by expiring the key, and reports unknown keys and users as NOT_FOUND', async () => {
    await client().revokeAuthKey('2');
    expect(received[0]).toMatchObject({ method: 'POST', path: '/api/v1/preauthkey/expire', body: '{"id":"2"}' });
    expect(await failure(client().revokeAuthKey('99'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(client().revokeAuthKey('../node'))).toMatchObject({ code: 'NOT_FOUND' });
    const noUser = await failure(client({ user: 'bob' }).createAuthKey({ reusable: false, ephemeral: false, preauthorized: true, tags: [], expirySeconds: 3_600, description: '' }));
    expect(noUser).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("headscale has no user 'bob'") });
  });

  it("reports headscale's text/plain 401 as refused credentials, without the key", async () => {
    const wrongKey = 'hskey-api-wrongKey1234-abcdefghijklmnopqrst';
    const refused = await failure(client({ apiToken: wrongKey }).listDevices());
    expect(refused).toMatchObject({ code: 'UPSTREAM_AUTH', message: 'the control server refused the credentials (headscale answered 401: Unauthorized)' });
    expect(JSON.stringify(refused.toEnvelope())).not.toContain(wrongKey);
  });
});
