import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CONSOLE_ASSERTION_SUBJECTS, ConsoleRpc, FleetRpc, IdentityRpc, ServerHealthRpc, ServerRpc, ServiceName, type Actor } from '@pve-nexus/contracts';
import { generateSigningKeyPair, parseSigningKey, parseVerifyKey } from '@pve-nexus/crypto';
import { signAssertion, verifyAssertion, type AssertionClaims, type BusSigner } from './bus-assertion.js';

const pairs = Object.fromEntries(ServiceName.options.map((service) => [service, generateSigningKeyPair()])) as Record<ServiceName, { privateKey: string; publicKey: string }>;
const keys = new Map(ServiceName.options.map((service) => [service, parseVerifyKey(pairs[service].publicKey)] as const));
const signer = (service: ServiceName): BusSigner => ({ service, key: parseSigningKey(pairs[service].privateKey) });
const person: Actor = { type: 'user', userId: randomUUID(), globalRole: 'user', tenantRole: 'manager', mustChangePassword: false };
const tenant = randomUUID();
const claims = (act: Actor, aud: string[], extra: Partial<AssertionClaims> = {}) => ({ act, ten: tenant, aud, ...extra });
const connection = ServerRpc.connection.subject;

describe('bus assertions', () => {
  it('accepts the gateway vouching for a person, on the subject it addressed and on the onward calls the addressee forwards', () => {
    const token = signAssertion(signer('gateway'), claims(person, [FleetRpc.list.subject]));
    expect(verifyAssertion(token, FleetRpc.list.subject, keys)).toMatchObject({ iss: 'gateway', act: person, ten: tenant });
    expect(verifyAssertion(token, ServerRpc.list.subject, keys).act).toEqual(person);
    expect(() => verifyAssertion(token, ServerRpc.delete.subject, keys)).toThrow(/not addressed/);
  });

  it('lets a service vouch only for its own system actor, on its own-identity subjects', () => {
    expect(verifyAssertion(signAssertion(signer('executor'), claims({ type: 'system', name: 'executor-health' }, [ServerHealthRpc.dueChecks.subject])), ServerHealthRpc.dueChecks.subject, keys).act).toEqual({ type: 'system', name: 'executor-health' });
    for (const act of [person, { type: 'system', name: 'gateway' } as const, { type: 'system', name: 'executorx' } as const]) {
      expect(() => verifyAssertion(signAssertion(signer('executor'), claims(act, [connection])), connection, keys)).toThrow(/may not act/);
    }
    expect(() => verifyAssertion(signAssertion(signer('console-relay'), claims({ type: 'system', name: 'console-relay' }, [connection])), connection, keys)).toThrow(/may not act/);
    expect(verifyAssertion(signAssertion(signer('console-relay'), claims({ type: 'system', name: 'console-relay' }, [IdentityRpc.resolveUser.subject])), IdentityRpc.resolveUser.subject, keys).iss).toBe('console-relay');
  });

  it('does not let the relay forward an assertion it was sent', () => {
    const token = signAssertion(signer('gateway'), claims(person, [ConsoleRpc.listSessions.subject]));
    expect(() => verifyAssertion(token, connection, keys)).toThrow(/not addressed/);
    const consoleToken = signAssertion(signer('gateway'), claims(person, [...CONSOLE_ASSERTION_SUBJECTS], { srv: randomUUID() }), 3_600_000);
    expect(verifyAssertion(consoleToken, connection, keys).srv).toBeDefined();
  });

  it('refuses expired, future, tampered, unknown-issuer and malformed assertions', () => {
    const now = Date.now();
    const aud = [FleetRpc.list.subject];
    expect(() => verifyAssertion(signAssertion(signer('gateway'), claims(person, aud), 60_000, now - 61_000), aud[0]!, keys, now)).toThrow(/expired/);
    expect(() => verifyAssertion(signAssertion(signer('gateway'), claims(person, aud), 60_000, now + 60_000), aud[0]!, keys, now)).toThrow(/expired/);
    const [, signature] = signAssertion(signer('gateway'), claims(person, aud)).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ iss: 'gateway', act: { ...person, globalRole: 'admin' }, ten: tenant, aud, iat: now, exp: now + 60_000 })).toString('base64url');
    expect(() => verifyAssertion(`${forgedBody}.${signature}`, aud[0]!, keys)).toThrow(/bad signature/);
    expect(() => verifyAssertion(signAssertion({ service: 'gateway', key: parseSigningKey(pairs.executor.privateKey) }, claims(person, aud)), aud[0]!, keys)).toThrow(/bad signature/);
    for (const junk of ['', 'a.b.c', 'not-base64.x', `${Buffer.from('{"iss":"nobody"}').toString('base64url')}.x`]) {
      expect(() => verifyAssertion(junk, aud[0]!, keys)).toThrow(/malformed/);
    }
  });
});
