import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { BusHeader, CONSOLE_ASSERTION_SUBJECTS, ConsoleRpc, ServerRpc, type ActorInput, type ServiceName } from '@pve-nexus/contracts';
import { parseSigningKey } from '@pve-nexus/crypto';
import { signAssertion, type AssertionClaims } from '@pve-nexus/messaging';
import { cleanUp, registerServer, signInSeededAdmin, startProxmoxServer, startStack, type ProxmoxServer, type Stack } from '@pve-nexus/testing';

// The high finding of issue 16: NATS ran without credentials and the services trusted whatever
// actor the `nexus-actor` header named, so a message claiming a made-up system actor got a decrypted
// Proxmox token from `inventory.server.connection`. Each attack below is that request, or a variant
// of it, and none gets the token: the server's stored secret appears in no reply.

const PASSWORD = 'bus identity passphrase 1';

describe('the bus refuses forged identities', () => {
  let pve: ProxmoxServer;
  let stack: Stack;
  let tenantId: string;
  let serverId: string;
  let secret: string;
  const connections: NatsConnection[] = [];

  /** A raw NATS connection as `service` (its user, password and inbox), as an attacker holding its credentials would open. */
  const connectAs = async (service: ServiceName) => {
    const nc = await connect({ servers: stack.nats.url, ...stack.nats.clientAuth(service), maxReconnectAttempts: 0 });
    connections.push(nc);
    return nc;
  };

  /** A request in the wire format Nest's NATS transport speaks; resolves to the handler's RpcReply (or the transport's error). */
  const rawRequest = async (nc: NatsConnection, subject: string, data: unknown, headers: MsgHdrs): Promise<unknown> => {
    try {
      const reply = await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { headers, timeout: 10_000 });
      return (reply.json() as { response: unknown }).response;
    } catch (error) {
      return { transportError: (error as Error).message };
    }
  };

  const headersWith = (entries: Record<string, string>) => {
    const headers = natsHeaders();
    for (const [name, value] of Object.entries({ [BusHeader.requestId]: `attack-${randomUUID()}`, ...entries })) headers.set(name, value);
    return headers;
  };

  /** An assertion signed with `signer`'s private key (which a compromised service would hold). */
  const signedBy = (signer: ServiceName, claims: Omit<AssertionClaims, 'iss' | 'iat' | 'exp'>, ttlMs?: number, now?: number) =>
    signAssertion({ service: signer, key: parseSigningKey(stack.busKeys[signer].privateKey) }, claims, ttlMs, now);

  const madeUpSystem: ActorInput = { type: 'system', name: 'scanner' };
  const connectionRequest = () => ({ serverId, purpose: 'exfiltration' });
  const askConnection = async (as: ServiceName, headers: MsgHdrs) => rawRequest(await connectAs(as), ServerRpc.connection.subject, connectionRequest(), headers);

  /** The reply carries no token, in any field. */
  const noToken = (reply: unknown) => expect(JSON.stringify(reply)).not.toContain(secret);

  beforeAll(async () => {
    pve = await startProxmoxServer({ name: 'bus-identity-sim', guestsPerNode: 1, seed: 16 });
    secret = pve.tokens.full.secret;
    stack = await startStack({ services: ['inventory', 'executor', 'gateway'] });
    const signedIn = await signInSeededAdmin(stack, PASSWORD);
    tenantId = signedIn.tenantId;
    serverId = await registerServer(signedIn.api, signedIn.admin, tenantId, pve);
  });

  afterAll(async () => {
    await cleanUp([
      ['connections', () => Promise.all(connections.map((nc) => nc.close()))],
      ['stack', () => stack?.close()],
      ['proxmox', () => pve?.close()],
    ]);
  });

  it('refuses a connection without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: stack.nats.url, maxReconnectAttempts: 0 })).rejects.toThrow(/authorization/i);
    await expect(connect({ servers: stack.nats.url, user: 'inventory', pass: 'not the password', maxReconnectAttempts: 0 })).rejects.toThrow(/authorization/i);
  });

  it('the original attack: a made-up system actor in a bare header gets no token, even on credentials allowed to ask', async () => {
    const reply = await askConnection('executor', headersWith({ 'nexus-actor': JSON.stringify(madeUpSystem), 'nexus-tenant-id': tenantId }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    noToken(reply);
  });

  it('refuses a made-up system actor, a person, or another service signed by a service that may not vouch for them', async () => {
    const forged: ActorInput[] = [
      madeUpSystem,
      { type: 'system', name: 'console-relay' },
      { type: 'system', name: 'inventory' },
      { type: 'user', userId: randomUUID(), globalRole: 'admin' },
    ];
    for (const actor of forged) {
      const assertion = signedBy('executor', { act: { mustChangePassword: false, ...actor } as AssertionClaims['act'], ten: tenantId, aud: [ServerRpc.connection.subject] });
      const reply = await askConnection('executor', headersWith({ [BusHeader.assertion]: assertion }));
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      noToken(reply);
    }
  });

  it('refuses an expired assertion, a tampered one, and one signed with another service’s key', async () => {
    const claims = { act: { type: 'system', name: 'executor-health' } as const, ten: tenantId, aud: [ServerRpc.connection.subject] };
    const expired = signedBy('executor', claims, 60_000, Date.now() - 120_000);
    const [body, signature] = signedBy('executor', claims).split('.');
    const tampered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), act: madeUpSystem })).toString('base64url')}.${signature}`;
    const wrongKey = signAssertion({ service: 'executor', key: parseSigningKey(stack.busKeys.inventory.privateKey) }, claims);
    for (const assertion of [expired, tampered, wrongKey]) {
      const reply = await askConnection('executor', headersWith({ [BusHeader.assertion]: assertion }));
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      noToken(reply);
    }
    // The same request, validly signed, is answered: the refusals above are the identity's, not the path's.
    const valid = await askConnection('executor', headersWith({ [BusHeader.assertion]: signedBy('executor', claims) }));
    expect(valid).toMatchObject({ ok: true, data: { serverId, apiToken: expect.stringContaining(secret) } });
  });

  it('does not let the relay ask for decryptions it does not need', async () => {
    // As itself: the relay asks for a connection only with a console's assertion.
    const asItself = await askConnection('console-relay', headersWith({ [BusHeader.assertion]: signedBy('console-relay', { act: { type: 'system', name: 'console-relay' }, aud: [ServerRpc.connection.subject] }) }));
    expect(asItself).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    noToken(asItself);
    // With a console's assertion, but for another server than the console's.
    const admin: ActorInput = { type: 'user', userId: randomUUID(), globalRole: 'admin' };
    const consoleAssertion = signedBy('gateway', { act: { mustChangePassword: false, ...admin } as AssertionClaims['act'], ten: tenantId, aud: [...CONSOLE_ASSERTION_SUBJECTS], srv: randomUUID() });
    const otherServer = await askConnection('console-relay', headersWith({ [BusHeader.assertion]: consoleAssertion }));
    expect(otherServer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    noToken(otherServer);
    // Subjects outside its table are refused by the NATS server itself, valid assertion or not.
    const relay = await connectAs('console-relay');
    const gatewayAssertion = signedBy('gateway', { act: { mustChangePassword: false, ...admin } as AssertionClaims['act'], ten: tenantId, aud: [ServerRpc.list.subject] });
    for (const subject of [ServerRpc.list.subject, ServerRpc.exportCsv.subject, ConsoleRpc.ticket.subject]) {
      const reply = await rawRequest(relay, subject, {}, headersWith({ [BusHeader.assertion]: gatewayAssertion }));
      expect(reply).toEqual({ transportError: expect.stringMatching(/permissions violation/i) });
    }
  });

  it('lets no service but inventory answer inventory.> (no stolen requests), nor read another service’s replies', async () => {
    for (const service of ['gateway', 'executor', 'console-relay'] as const) {
      const nc = await connectAs(service);
      const denied = new Promise<string>((resolve) => {
        nc.subscribe('inventory.>', { callback: (error) => resolve(error?.message ?? 'delivered') });
      });
      await expect(denied).resolves.toMatch(/permissions violation/i);
    }
    const relay = await connectAs('console-relay');
    const peek = new Promise<string>((resolve) => {
      relay.subscribe('_INBOX.executor.>', { callback: (error) => resolve(error?.message ?? 'delivered') });
    });
    await expect(peek).resolves.toMatch(/permissions violation/i);
  });
});
