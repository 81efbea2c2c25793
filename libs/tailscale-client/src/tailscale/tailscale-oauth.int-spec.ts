import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Agent } from 'undici';
import type { TailscaleApi } from '@pve-nexus/testing';
import { callsTo, failure, oauthCredentials, simClient, withSimulator } from '../../test/tailscale-sim.js';
import { InMemoryOAuthTokenCache, TOKEN_RENEWAL_MARGIN_MS } from '../index.js';

const TOKEN_PATH = '/api/v2/oauth/token';

describe('TailnetClient with a Tailscale OAuth client (simulator)', () => {
  let api: TailscaleApi;
  let agent: Agent;
  const sim = withSimulator({ devices: [{ hostname: 'pve-01', tags: ['tag:pve'] }] });
  beforeAll(() => {
    ({ api, agent } = sim);
  });
  beforeEach(() => api.clearRequests());

  it('obtains one access token per scope and reuses it across calls and clients sharing a cache', async () => {
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read', 'auth_keys'], tags: ['tag:pve'] });
    const cache = new InMemoryOAuthTokenCache();
    const client = simClient(api, agent, oauthCredentials(oauth), { tokenCache: cache });
    await client.listDevices();
    await client.tailnetInfo();
    await simClient(api, agent, oauthCredentials(oauth), { tokenCache: cache }).listDevices();
    expect(api.requests.filter((request) => request.path === TOKEN_PATH).map((request) => request.scope)).toEqual(['devices:core:read']);
    // Every API request carried the one token.
    expect(api.requests.filter((request) => request.path !== TOKEN_PATH).every((request) => request.credential === 'access-token' && request.auth === 'bearer')).toBe(true);
    await client.listAuthKeys();
    expect(api.requests.filter((request) => request.path === TOKEN_PATH).map((request) => request.scope)).toEqual(['devices:core:read', 'auth_keys:read']);
    const cached = await cache.get('devices:core:read');
    expect(cached?.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('renews a token five minutes before it expires', async () => {
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read'] });
    let now = Date.now();
    const client = simClient(api, agent, oauthCredentials(oauth), { now: () => now });
    await client.listDevices();
    now += 3_600_000 - TOKEN_RENEWAL_MARGIN_MS - 60_000;
    await client.listDevices();
    expect(callsTo(api, TOKEN_PATH)).toHaveLength(1);
    now += 2 * 60_000;
    await client.listDevices();
    expect(callsTo(api, TOKEN_PATH)).toHaveLength(2);
  });

  it('renews a token the API refuses, once, and sends the request again', async () => {
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read'] });
    const client = simClient(api, agent, oauthCredentials(oauth));
    await client.listDevices();
    api.expireAccessTokens();
    api.clearRequests();
    expect(await client.listDevices()).toHaveLength(1);
    expect(api.requests.map((request) => [request.path, request.status])).toEqual([
      ['/api/v2/tailnet/-/devices', 401],
      [TOKEN_PATH, 200],
      ['/api/v2/tailnet/-/devices', 200],
    ]);
  });

  it('shares one token request between concurrent calls', async () => {
    const oauth = api.createOAuthClient({ scopes: ['devices:core:read'] });
    const client = simClient(api, agent, oauthCredentials(oauth));
    api.setLatency(50);
    try {
      await Promise.all([client.listDevices(), client.listDevices(), client.tailnetInfo()]);
    } finally {
      api.setLatency(0);
    }
    expect(callsTo(api, TOKEN_PATH)).toHaveLength(1);
  });

  it('names the scope an OAuth client may not grant, and refuses a wrong secret, never showing it', async () => {
    const readOnly = api.createOAuthClient({ scopes: ['devices:core:read'] });
    const client = simClient(api, agent, oauthCredentials(readOnly));
    expect(await client.listDevices()).toHaveLength(1);
    const minting = await failure(client.createAuthKey({ reusable: false, ephemeral: false, preauthorized: true, tags: ['tag:pve'], expirySeconds: 3_600, description: '' }));
    expect(minting).toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringContaining('may not grant the scope auth_keys') });
    const wrongSecret = `tskey-client-${readOnly.clientId}-WRONGwrongWRONGwrong`;
    const refused = await failure(simClient(api, agent, oauthCredentials(readOnly, wrongSecret)).listDevices());
    expect(refused).toMatchObject({ code: 'UPSTREAM_AUTH', message: expect.stringMatching(/^the control server refused the credentials/) });
    for (const error of [minting, refused]) {
      expect(JSON.stringify(error.toEnvelope())).not.toContain(readOnly.clientSecret);
      expect(JSON.stringify(error.toEnvelope())).not.toContain(wrongSecret);
    }
  });
});
