import { createServer } from 'node:net';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Agent, Dispatcher } from 'undici';
import type { NexusError } from '@pve-nexus/contracts';
import type { TailscaleApi } from '@pve-nexus/testing';
import { callsTo, failure, oauthCredentials, simClient, tokenCredentials, withSimulator } from '../../test/tailscale-sim.js';

const DEVICES = '/api/v2/tailnet/-/devices';

describe('TailnetClient when Tailscale misbehaves (simulator)', () => {
  let api: TailscaleApi;
  let agent: Agent;
  /** Every error the tests saw: none may carry a secret (checked last). */
  const seen: NexusError[] = [];
  const failed = async (promise: Promise<unknown>) => {
    const error = await failure(promise);
    seen.push(error);
    return error;
  };

  const sim = withSimulator({ devices: [{ hostname: 'pve-01' }] });
  beforeAll(() => {
    ({ api, agent } = sim);
  });
  beforeEach(() => {
    api.clearRequests();
    api.clearFailures();
    api.clearRateLimit();
    api.unhang();
    api.setLatency(0);
  });

  const client = (options: Parameters<typeof simClient>[3] = {}) => simClient(api, agent, tokenCredentials(api.apiToken), options);

  it('refuses a revoked API token as UPSTREAM_AUTH', async () => {
    const token = api.createApiToken();
    api.revokeApiToken(token);
    const error = await failed(simClient(api, agent, tokenCredentials(token)).listDevices());
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', message: 'the control server refused the credentials (Tailscale answered 401: API token invalid)' });
    expect(JSON.stringify(error.toEnvelope())).not.toContain(token);
  });

  it('names the missing scope of a 403', async () => {
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read'] });
    api.failRequests({ status: 403, body: JSON.stringify({ message: 'calling actor does not have enough permissions to perform this function' }), contentType: 'application/json', path: /devices$/ });
    const error = await failed(simClient(api, agent, oauthCredentials(oauth)).listDevices());
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('Tailscale refused to list the devices: the credentials lack the OAuth scope devices:core:read') });
  });

  it('throws RATE_LIMITED at once with Retry-After in seconds or as a date, so the caller can serve its cache', async () => {
    api.rateLimit({ retryAfter: 30 });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30, message: expect.stringContaining('try again in 30 s') });
    expect(callsTo(api, DEVICES)).toHaveLength(1);
    api.clearRateLimit();
    api.rateLimit({ retryAfter: new Date(Date.now() + 120_000) });
    const dated = await failed(client().listDevices());
    expect(dated.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(dated.retryAfterSeconds).toBeLessThanOrEqual(121);
    api.clearRateLimit();
    api.rateLimit({ retryAfter: null });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: undefined });
  });

  it('waits out a Retry-After within the configured wait, then succeeds', async () => {
    api.rateLimit({ requests: 1, retryAfter: 1 });
    const started = Date.now();
    expect(await client({ retry: { maxRetryAfterSeconds: 2 } }).listDevices()).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  it('retries 5xx answers with backoff and succeeds, within three attempts', async () => {
    api.failRequests({ status: 503, count: 2 });
    expect(await client().listDevices()).toHaveLength(1);
    expect(api.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    api.clearRequests();
    api.failRequests({ status: 502 });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: 'Tailscale failed to list the devices (HTTP 502: bad gateway); try again later' });
    expect(callsTo(api, DEVICES)).toHaveLength(3);
  });

  it('does not repeat a key creation Tailscale may have carried out', async () => {
    api.failRequests({ status: 500, path: /keys$/ });
    const error = await failed(client().createAuthKey({ reusable: false, ephemeral: false, preauthorized: true, tags: [], expirySeconds: 3_600, description: '' }));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(callsTo(api, '/api/v2/tailnet/-/keys')).toHaveLength(1);
  });

  it('gives up on a hanging server at the timeout with TIMEOUT, suggesting to retry', async () => {
    api.hang();
    const started = Date.now();
    const error = await failed(client({ timeoutMs: 400 }).listDevices());
    expect(error).toMatchObject({ code: 'TIMEOUT', message: 'Tailscale did not answer within 0.4 s; try again in a moment' });
    expect(Date.now() - started).toBeLessThan(2_000);
    api.unhang();
    api.setLatency(600);
    expect(await failed(client({ timeoutMs: 300 }).listDevices())).toMatchObject({ code: 'TIMEOUT' });
  });

  it('keeps retries within the timeout', async () => {
    api.failRequests({ status: 500 });
    api.setLatency(150);
    const started = Date.now();
    const error = await failed(client({ timeoutMs: 400, retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 100 } }).listDevices());
    expect(['TIMEOUT', 'UPSTREAM_UNREACHABLE']).toContain(error.code);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports garbage and unexpected shapes as "unexpected answer", never as a crash', async () => {
    api.failRequests({ status: 200, body: '<html><body>Maintenance</body></html>', count: 1 });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('unexpected answer from Tailscale when trying to list the devices: not JSON') });
    api.failRequests({ status: 200, body: JSON.stringify({ devices: [{ nodeId: 'n1CNTRL', addresses: 'none' }] }), contentType: 'application/json', count: 1 });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('unexpected answer') });
    api.failRequests({ status: 200, body: JSON.stringify({ devices: [{ nodeId: 'n1CNTRL', name: 'x.ts.net', created: 'last tuesday' }] }), contentType: 'application/json', count: 1 });
    expect(await failed(client().listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('device 0: createdAt') });
    api.failRequests({ status: 200, body: '{"access_token": 42}', contentType: 'application/json', count: 1, path: /oauth/ });
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read'] });
    expect(await failed(simClient(api, agent, oauthCredentials(oauth)).listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('access_token') });
  });

  it('reports a refused connection as UPSTREAM_UNREACHABLE', async () => {
    const port = await closedPort();
    const unreachable = simClient({ ...api, url: `http://127.0.0.1:${port}` }, agent, tokenCredentials(api.apiToken));
    expect(await failed(unreachable.listDevices())).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: `Tailscale: http://127.0.0.1:${port} refused the connection` });
  });

  it('sends every request through the given dispatcher', async () => {
    const dispatched: string[] = [];
    const counting = agent.compose((dispatch: Dispatcher['dispatch']) => (options, handler) => {
      dispatched.push(`${options.method} ${options.path}`);
      return dispatch(options, handler);
    });
    await simClient(api, agent, tokenCredentials(api.apiToken), { dispatcher: counting }).listDevices();
    expect(dispatched).toEqual([`GET ${DEVICES}?fields=all`]);
  });

  it('puts no secret in any error, even when the server echoes one', async () => {
    api.failRequests({ status: 400, body: JSON.stringify({ message: `bad token ${api.apiToken}` }), contentType: 'application/json', count: 1 });
    seen.push(await failure(client().listDevices()));
    const secrets = [api.apiToken, ...api.authKeys().map((key) => key.key)];
    expect(seen.length).toBeGreaterThan(10);
    for (const error of seen) {
      const text = JSON.stringify(error.toEnvelope());
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/tskey-(api|client|auth)-\w{6,}/);
    }
  });
});

/** A port nothing listens on: one the OS gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
