import { describe, expect, it } from '@jest/globals';
import { contractDevices, contractKeyViews } from '../answer-fields.util.js';
import { headscaleFixture } from '../../test/fixtures.js';
import { fromHeadscaleKey, fromHeadscaleNode } from './headscale.mappers.js';
import { HeadscaleCreatedPreAuthKey, HeadscaleNode, HeadscaleNodeList, HeadscalePreAuthKeyList } from './headscale.schemas.js';

const context = { control: 'headscale', secrets: [] };
const devicesOf = (fixture: string) =>
  contractDevices(HeadscaleNodeList.parse(headscaleFixture(fixture)).nodes.map((node) => fromHeadscaleNode(node, 'tailnet.test')), context, { what: 'list the nodes' });

describe('headscale nodes as tailnet devices', () => {
  it('maps a real GET /api/v1/node answer: FQDN from givenName, online as connectedToControl, no OS or version', () => {
    const [nodeB, nodeA] = devicesOf('headscale-GET-node');
    expect(nodeB).toEqual({
      id: '1',
      name: 'node-b.tailnet.test',
      hostname: 'node-b',
      addresses: { v4: '100.64.0.1', v6: 'fd7a:115c:a1e0::1' },
      os: null,
      clientVersion: null,
      // The e-mail is empty: the user's name stands for it.
      user: 'alice',
      tags: [],
      authorized: true,
      keyExpiry: null,
      lastSeen: '2026-12-02T15:48:49.349218045Z',
      connectedToControl: true,
      updateAvailable: null,
      ephemeral: false,
      createdAt: '2026-12-02T15:47:59.273857869Z',
    });
    expect(nodeA).toMatchObject({ id: '2', name: 'node-a.tailnet.test', addresses: { v4: '100.64.0.2' } });
  });

  it('reports a node that went offline, and a node that joined with an ephemeral key', () => {
    const [nodeB] = devicesOf('headscale-GET-node-b-offline');
    expect(nodeB).toMatchObject({ connectedToControl: false, lastSeen: '2026-12-02T15:49:45.969043749Z' });
    const nodeC = fromHeadscaleNode(HeadscaleNode.parse(headscaleFixture('headscale-node-c-ephemeral')), 'tailnet.test');
    expect(nodeC).toMatchObject({ name: 'node-c.tailnet.test', ephemeral: true });
  });

  it('prefers the e-mail as user, takes a renamed node by its given name, an expiry, and numeric ids', () => {
    const node = HeadscaleNode.parse({
      id: 7,
      name: 'pve-host',
      givenName: 'pve-01',
      ipAddresses: ['fd7a:115c:a1e0::7', '100.64.0.7'],
      user: { id: '2', name: 'bob', email: 'bob@example.com' },
      expiry: '2027-01-01T00:00:00Z',
      lastSeen: '0001-01-01T00:00:00Z',
      tags: ['tag:pve'],
    });
    expect(fromHeadscaleNode(node, 'ts.example.com')).toMatchObject({
      id: '7',
      name: 'pve-01.ts.example.com',
      hostname: 'pve-host',
      addresses: { v4: '100.64.0.7', v6: 'fd7a:115c:a1e0::7' },
      user: 'bob@example.com',
      keyExpiry: '2027-01-01T00:00:00Z',
      lastSeen: null,
      connectedToControl: false,
      tags: ['tag:pve'],
      createdAt: null,
    });
  });

  it('refuses a node list whose node maps to something the contract refuses', () => {
    const list = HeadscaleNodeList.parse({ nodes: [{ id: '1', name: 'x', givenName: 'x', createdAt: 'yesterday' }] });
    expect(() => contractDevices(list.nodes.map((node) => fromHeadscaleNode(node, 'tailnet.test')), context, { what: 'list the nodes' })).toThrow(/unexpected answer from headscale when trying to list the nodes: device 0: createdAt/);
  });
});

describe('headscale pre-auth keys as auth key views', () => {
  const now = Date.parse('2026-12-02T16:00:00Z');

  it("shows the prefix headscale lists, never a key, and whether the key still works", () => {
    const views = contractKeyViews(HeadscalePreAuthKeyList.parse(headscaleFixture('headscale-GET-preauthkey')).preAuthKeys.map((key) => fromHeadscaleKey(key, now)), context, { what: 'list' });
    expect(views).toEqual([
      { id: '1', prefix: 'hskey-auth-uoM-wZJhlkAf', description: '', reusable: true, ephemeral: false, preauthorized: true, tags: [], createdAt: '2026-12-02T15:47:58.540750866Z', expiresAt: '2026-12-02T16:47:58.539046246Z', usable: true },
      expect.objectContaining({ id: '2', prefix: 'hskey-auth-TLsUd9oSiFvk', reusable: false, ephemeral: true, usable: true }),
    ]);
    expect(JSON.stringify(views)).not.toContain('***');
  });

  it('takes the prefix of a new key from the whole key, and counts used single-use and expired keys as unusable', () => {
    const created = HeadscaleCreatedPreAuthKey.parse(headscaleFixture('headscale-POST-preauthkey')).preAuthKey;
    expect(fromHeadscaleKey(created, now)).toMatchObject({ id: '2', prefix: 'hskey-auth-TLsUd9oSiFvk' });
    expect(fromHeadscaleKey({ ...created, used: true }, now).usable).toBe(false);
    expect(fromHeadscaleKey({ ...created, used: true, reusable: true }, now).usable).toBe(true);
    expect(fromHeadscaleKey(created, Date.parse('2026-12-02T17:00:00Z')).usable).toBe(false);
    // headscale before 0.26 listed whole keys: no prefix is shown for those.
    expect(fromHeadscaleKey({ ...created, key: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978' }, now).prefix).toBeNull();
  });
});
