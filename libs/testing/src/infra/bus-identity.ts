import { randomBytes } from 'node:crypto';
import { busInboxPrefix, ServiceName, type NatsUser } from '@pve-nexus/contracts';
import { generateSigningKeyPair, parseSigningKey, parseVerifyKey } from '@pve-nexus/crypto';
import type { NatsServer } from './nats-server.js';

/** Every service's bus signing key pair (base64 DER, as the environment carries them). */
export type BusKeys = Record<ServiceName, { privateKey: string; publicKey: string }>;

export function generateBusKeys(): BusKeys {
  return Object.fromEntries(ServiceName.options.map((service) => [service, generateSigningKeyPair()])) as BusKeys;
}

/** NEXUS_BUS_PUBLIC_KEYS for `keys`. */
export function busPublicKeysEnv(keys: BusKeys): string {
  return ServiceName.options.map((service) => `${service}=${keys[service].publicKey}`).join(',');
}

/** The environment a service process joins the bus with. */
export function busEnv(nats: NatsServer, keys: BusKeys, service: ServiceName): Record<string, string> {
  const { user, password } = nats.credentials(service);
  return { NATS_URL: nats.url, NATS_USER: user, NATS_PASSWORD: password, NEXUS_BUS_SIGNING_KEY: keys[service].privateKey, NEXUS_BUS_PUBLIC_KEYS: busPublicKeysEnv(keys) };
}

/**
 * libs/messaging `BusOptions` of a test process connecting as `service` (its NATS user, inbox and
 * signing key): `name` is the connection name the NATS server shows.
 */
export function testBusOptions(nats: NatsServer, keys: BusKeys, service: ServiceName, name: string = `${service}-test`, requestTimeoutMs = 5_000) {
  const { user, password } = nats.credentials(service);
  return {
    servers: [nats.url],
    name,
    requestTimeoutMs,
    user,
    password,
    inboxPrefix: busInboxPrefix(service),
    signer: { service, key: parseSigningKey(keys[service].privateKey) },
    publicKeys: new Map(ServiceName.options.map((each) => [each, parseVerifyKey(keys[each].publicKey)] as const)),
  };
}

/** A NATS user of a test's own subjects `<prefix>.>` (both ways) with its inbox `_INBOX.<prefix>`, for {@link startNatsServer}'s `extraUsers`. */
export function testNatsUser(prefix: string): NatsUser {
  const subjects = `${prefix}.>`;
  return { user: prefix, password: randomBytes(18).toString('base64url'), permissions: { publish: { allow: [subjects] }, subscribe: { allow: [subjects, `_INBOX.${prefix}.>`] } } };
}

/** BusOptions of a {@link testNatsUser}, signing identities as `signAs` (default the gateway, which may vouch for anyone). */
export function testUserBusOptions(nats: NatsServer, keys: BusKeys, prefix: string, name: string, signAs: ServiceName = 'gateway') {
  return { ...testBusOptions(nats, keys, signAs, name, 2_000), ...nats.credentials(prefix), inboxPrefix: `_INBOX.${prefix}` };
}
