import type { BusPublicKeys, BusSigner } from './bus-assertion.js';

/** How a process joins the bus. */
export interface BusOptions {
  /** NATS server URLs, e.g. `nats://127.0.0.1:4222`. */
  servers: string[];
  /** Connection name shown by the NATS server (`nats server report connections`): the service name. */
  name: string;
  /** Default reply timeout of a request in ms; a request may set its own. */
  requestTimeoutMs: number;
  /** The service's NATS user and password (NATS_USER / NATS_PASSWORD): the server refuses anonymous clients. */
  user: string;
  password: string;
  /** Reply subjects of this process's requests (`_INBOX.<service>`): its user may read only its own replies. */
  inboxPrefix: string;
  /** Signs the identity of requests this process makes as itself or, on the gateway, as a person. */
  signer: BusSigner;
  /** Every service's public key: a handled request's identity is trusted only if one of them signed it. */
  publicKeys: BusPublicKeys;
}

/** The NATS connection options every connection of a process uses. */
export function natsConnectionOptions(options: BusOptions, suffix?: string) {
  return {
    servers: options.servers,
    name: suffix ? `${options.name}-${suffix}` : options.name,
    user: options.user,
    pass: options.password,
    inboxPrefix: options.inboxPrefix,
    reconnect: true,
    maxReconnectAttempts: -1,
  };
}

export const BUS_OPTIONS = Symbol('BUS_OPTIONS');
