import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import WebSocket from 'ws';
import { AccessRevokedBroadcast, ConsoleCloseCode, ConsoleRpc } from '@pve-nexus/contracts';
import { Broadcaster } from '@pve-nexus/messaging';
import { addMember, connectRelay, grantIdentity, waitFor, type GrantIdentity } from '@pve-nexus/testing';
import { startRelayFixture, type RelayFixture } from './relay-fixture.js';

// Live sessions for administrators across replicas, and sessions ended when access is lost.

const PASSWORD = 'relay chief passphrase 1';

describe('live console sessions across replicas', () => {
  let f: RelayFixture;
  let manager: GrantIdentity;
  let viewer: GrantIdentity;
  let broadcaster: Broadcaster;
  /** A session opened as `identity` (default the admin) through `replica`, relaying once this resolves. */
  const open = async (replica: number, identity?: GrantIdentity, viewOnly = false) => {
    const { token, grant } = await f.mint({ ...identity, viewOnly });
    const connection = await connectRelay(f.stack.relayUrls[replica]!, token);
    await connection.stream.read(12);
    return { ...connection, grant };
  };
  const listed = async () => (await f.rpc(ConsoleRpc.listSessions, {})).sessions;

  beforeAll(async () => {
    f = await startRelayFixture({ RELAY_REVOCATION_CHECK_MS: '500' });
    manager = await grantIdentity(f.api, await addMember(f.api, f.admin, f.tenantId, 'manager@example.com', 'manager', PASSWORD), f.tenantId);
    viewer = await grantIdentity(f.api, await addMember(f.api, f.admin, f.tenantId, 'viewer@example.com', 'viewer', PASSWORD), f.tenantId);
    broadcaster = new Broadcaster(f.stack.busOptions('inventory', 'relay-admin-test'));
  });
  afterAll(async () => {
    await broadcaster?.onApplicationShutdown();
    await f?.close();
  });

  it('lists every live session from the shared registry, with the replica serving it, for tenant and global admins only', async () => {
    const sessions = await Promise.all([open(0), open(1)]);
    const ids = sessions.map((session) => session.grant.sessionId);
    await waitFor('both sessions listed', async () => (await listed()).filter((view) => ids.includes(view.sessionId)).length === 2);
    const views = (await listed()).filter((view) => ids.includes(view.sessionId));
    expect(new Set(views.map((view) => view.replica)).size).toBe(2);
    expect(views[0]).toMatchObject({ tenantId: f.tenantId, serverId: f.serverId, serverName: f.pve.name, protocol: 'vnc', viewOnly: false, bytesOut: expect.any(Number) });

    const everywhere = await f.rpc(ConsoleRpc.listSessions, {}, { tenantId: null });
    expect(everywhere.sessions.map((view) => view.sessionId)).toEqual(expect.arrayContaining(ids));
    await expect(f.rpc(ConsoleRpc.listSessions, {}, { actor: viewer.actor })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(f.rpc(ConsoleRpc.listSessions, {}, { actor: manager.actor, tenantId: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const session of sessions) session.socket.close();
  });

  it('ends a session on whichever replica serves it, whichever replica the request reaches', async () => {
    // Three per replica: the bus hands each request to a random replica, so some land on the other one.
    const sessions = await Promise.all([0, 1, 0, 1, 0, 1].map((replica) => open(replica)));
    await waitFor('all listed', async () => (await listed()).length >= sessions.length);
    for (const session of sessions) {
      await expect(f.rpc(ConsoleRpc.endSession, { sessionId: session.grant.sessionId })).resolves.toEqual({ ended: true });
      expect(await session.closed).toEqual({ code: ConsoleCloseCode.ENDED_BY_ADMIN, reason: 'ended by an administrator' });
    }
    await expect(f.rpc(ConsoleRpc.endSession, { sessionId: sessions[0]!.grant.sessionId })).resolves.toEqual({ ended: false });
    await expect(f.rpc(ConsoleRpc.endSession, { sessionId: sessions[0]!.grant.sessionId }, { actor: manager.actor })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('ends the consoles an AccessRevoked broadcast names, on every replica, and no other', async () => {
    const revoked = await Promise.all([open(0, manager), open(1, manager)]);
    const bystander = await open(0);
    const userId = manager.actor.type === 'user' ? manager.actor.userId : '';
    await expect(broadcaster.publish(AccessRevokedBroadcast, { userId, tenantId: f.tenantId, reason: 'membership-removed' })).resolves.toBe(true);
    for (const session of revoked) expect(await session.closed).toEqual({ code: ConsoleCloseCode.ACCESS_REVOKED, reason: 'access revoked' });
    expect(bystander.socket.readyState).toBe(WebSocket.OPEN);
    bystander.socket.close();
  });

  it('still ends a signed-out person\'s console when no broadcast came, on the periodic re-check', async () => {
    // View-only, as a viewer's console is: a full console would be ended by the same re-check for want
    // of the right to type, before any revocation, whenever the first bytes took longer than one period.
    const session = await open(1, viewer, true);
    // Revoked behind inventory's back: no broadcast is sent, as when one was missed.
    const db = new pg.Client({ connectionString: f.stack.database.url });
    await db.connect();
    try {
      await db.query('UPDATE sessions SET revoked_at = now() WHERE id = $1', [viewer.authSessionId]);
    } finally {
      await db.end();
    }
    expect(await session.closed).toEqual({ code: ConsoleCloseCode.ACCESS_REVOKED, reason: 'access revoked' });
  });
});
