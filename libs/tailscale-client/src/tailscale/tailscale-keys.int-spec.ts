import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Agent } from 'undici';
import type { TailscaleApi } from '@pve-nexus/testing';
import { callsTo, failure, oauthCredentials, simClient, tokenCredentials, withSimulator } from '../../test/tailscale-sim.js';
import type { AuthKeyRequest } from '../index.js';

const request = (changes: Partial<AuthKeyRequest> = {}): AuthKeyRequest => ({ reusable: true, ephemeral: false, preauthorized: true, tags: ['tag:pve'], expirySeconds: 86_400, description: 'pve enrolment', ...changes });

describe('TailnetClient auth keys on Tailscale (simulator)', () => {
  let api: TailscaleApi;
  let agent: Agent;
  const sim = withSimulator();
  beforeAll(() => {
    ({ api, agent } = sim);
  });
  beforeEach(() => {
    api.clearRequests();
    api.setKeyListing('full');
  });

  it('creates a key with the device capabilities asked for, and returns it once beside its view', async () => {
    const client = simClient(api, agent, tokenCredentials(api.apiToken));
    const created = await client.createAuthKey(request());
    const stored = api.authKeys().find((key) => key.id === created.view.id);
    expect(created.key).toBe(stored?.key);
    expect(created.view).toEqual({
      id: stored?.id,
      prefix: `tskey-auth-${stored?.id}`,
      description: 'pve enrolment',
      reusable: true,
      ephemeral: false,
      preauthorized: true,
      tags: ['tag:pve'],
      createdAt: stored?.created.toISOString(),
      expiresAt: stored?.expires.toISOString(),
      usable: true,
    });
    expect(stored?.expires.getTime()).toBe((stored?.created.getTime() ?? 0) + 86_400_000);
    expect(callsTo(api, '/api/v2/tailnet/-/keys')).toEqual(['POST /api/v2/tailnet/-/keys']);
  });

  it('lists auth keys without their secret, and not after they are revoked', async () => {
    const client = simClient(api, agent, tokenCredentials(api.apiToken));
    const created = await client.createAuthKey(request({ description: 'to revoke' }));
    const listed = await client.listAuthKeys();
    expect(listed.map((key) => key.id)).toContain(created.view.id);
    const serialized = JSON.stringify(listed);
    for (const key of api.authKeys()) expect(serialized).not.toContain(key.key);
    await client.revokeAuthKey(created.view.id);
    expect((await client.listAuthKeys()).map((key) => key.id)).not.toContain(created.view.id);
    await expect(client.revokeAuthKey(created.view.id)).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no auth key ${created.view.id} in this tailnet` });
    // An id that is no key id never reaches the URL (`..` would address the tailnet itself).
    api.clearRequests();
    await expect(client.revokeAuthKey('..')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(api.requests).toHaveLength(0);
  });

  it('reads each key when the listing gives only ids, as older versions of the API did', async () => {
    const client = simClient(api, agent, tokenCredentials(api.apiToken));
    const created = await client.createAuthKey(request({ ephemeral: true }));
    api.setKeyListing('ids');
    api.clearRequests();
    const listed = await client.listAuthKeys();
    expect(listed.find((key) => key.id === created.view.id)).toEqual(created.view);
    expect(callsTo(api, `/api/v2/tailnet/-/keys/${created.view.id}`)).toEqual([`GET /api/v2/tailnet/-/keys/${created.view.id}`]);
  });

  it("turns Tailscale's refusal of the tags into a VALIDATION issue on tags", async () => {
    const client = simClient(api, agent, tokenCredentials(api.apiToken));
    const refused = await failure(client.createAuthKey(request({ tags: ['tag:unknown'] })));
    expect(refused).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'tags', message: 'requested tags [tag:unknown] are invalid or not permitted' }] });
    // What the contract refuses never reaches Tailscale.
    api.clearRequests();
    expect(await failure(client.createAuthKey(request({ description: 'no_underscores' })))).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'description' }] });
    expect(api.requests).toHaveLength(0);
  });

  it('mints tagged keys with an OAuth client, owned by the tailnet', async () => {
    const oauth = api.createOAuthClient({ scopes: ['auth_keys'], tags: ['tag:ci'] });
    const client = simClient(api, agent, oauthCredentials(oauth));
    const created = await client.createAuthKey(request({ tags: ['tag:ci'] }));
    expect(api.authKeys().find((key) => key.id === created.view.id)?.userId).toBe('');
    expect((await client.listAuthKeys()).map((key) => key.id)).toEqual([created.view.id]);
    expect(api.requests.filter((entry) => entry.path === '/api/v2/oauth/token').map((entry) => entry.scope)).toEqual(['auth_keys', 'auth_keys:read']);
    expect(await failure(client.createAuthKey(request({ tags: ['tag:pve'] })))).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'tags' }] });
  });
});
