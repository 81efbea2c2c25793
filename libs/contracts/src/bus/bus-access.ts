import { AuditRpc } from '../audit/audit.contract.js';
import { ACCESS_REVOKED_SUBJECT, ConsoleRpc } from '../console/console.contract.js';
import { EventStream } from '../events/events.contract.js';
import { ApiBrowseRpc } from '../fleet/api-browse.contract.js';
import { FleetBulkRpc } from '../fleet/fleet-bulk.contract.js';
import { FleetRpc } from '../fleet/fleet.contract.js';
import { HealthRpc, type ServiceName } from '../health/health.contract.js';
import { IdentityRpc } from '../identity/identity.contract.js';
import type { RpcContract } from '../rpc/rpc-contract.js';
import { ServerHealthRpc } from '../servers/server-health.contract.js';
import { ServerRpc } from '../servers/servers.contract.js';
import { EgressRpc } from '../servers/egress-policy.contract.js';
import { DeviceEventRpc, DiscoveryRpc, EnrollmentRpc, MachineRpc, TailnetSettingsRpc } from '../tailscale/tailnet.contract.js';

/**
 * What one service may do on the bus. `calls` become the NATS publish permissions of its user;
 * `forwards` and `asSelf` say with whose identity it may make them (checked by the receiver on the
 * signed assertion, see libs/messaging `bus-assertion.ts`).
 */
export interface ServiceBusAccess {
  /** Request subjects it answers: its own `<service>.>` and nothing else. */
  answers: string;
  /** Request subjects it sends. */
  calls: readonly string[];
  /** Of `calls`: those it may make on behalf of the person or service that asked it (forwarding their assertion). */
  forwards: readonly string[];
  /** Of `calls`: those it may make as its own system actor (`<service>` or `<service>-<task>`); the gateway: all of them. */
  asSelf: readonly string[];
  /** Core-NATS broadcasts it publishes / hears. */
  broadcasts: readonly string[];
  hears: readonly string[];
  /** JetStream: publishes domain events (and creates their stream) / reads them through consumers. */
  publishesEvents: boolean;
  readsEvents: boolean;
}

const subjects = (...contracts: RpcContract[]) => contracts.map((contract) => contract.subject);
const all = (group: Record<string, RpcContract>) => subjects(...Object.values(group));

const { dueChecks, recordCheck, health: serverHealth } = ServerHealthRpc;
// The gateway never asks for a decrypted connection, nor appends to the audit log itself.
const { connection: _connection, test: connectionTest, ...serverCrud } = ServerRpc;
const { append: _append, ...auditReads } = AuditRpc;

const executorForwards = subjects(ServerRpc.connection, ServerRpc.list, AuditRpc.append, EgressRpc.effective);
// Discovery opens a tenant's tailnet credentials for the person who asked, or as its monitor.
const discoveryForwards = subjects(TailnetSettingsRpc.open, MachineRpc.importDevices, EnrollmentRpc.create, EnrollmentRpc.list, EnrollmentRpc.complete);
const discoveryAsSelf = subjects(TailnetSettingsRpc.open, TailnetSettingsRpc.tenants, EgressRpc.effective, DeviceEventRpc.record);

/**
 * The bus access of every service, written from what its code calls and answers. Only inventory
 * answers `inventory.>`; only the executor and the relay may ask for a decrypted connection (only
 * discovery for tailnet credentials), and the relay only with a console's assertion (scoped to that console's server) the gateway signed.
 */
export const BUS_ACCESS: Record<ServiceName, ServiceBusAccess> = {
  gateway: {
    answers: 'gateway.>',
    calls: [
      ...all(IdentityRpc),
      ...all(serverCrud),
      ...subjects(connectionTest, serverHealth),
      ...all(auditReads),
      ...all(FleetRpc),
      ...all(FleetBulkRpc),
      ...all(ApiBrowseRpc),
      ...all(ConsoleRpc),
      ...all(HealthRpc),
      ...subjects(EgressRpc.get, EgressRpc.put),
      ...subjects(TailnetSettingsRpc.get, TailnetSettingsRpc.put, TailnetSettingsRpc.remove),
      ...subjects(MachineRpc.list, MachineRpc.remove, DeviceEventRpc.list, EnrollmentRpc.list),
      ...all(DiscoveryRpc),
    ],
    forwards: [],
    // The gateway signs every person's identity anyway: narrowing its own system actor would protect nothing.
    asSelf: [],
    broadcasts: [],
    // Ends live event streams of readers who lost access.
    hears: [ACCESS_REVOKED_SUBJECT],
    publishesEvents: false,
    readsEvents: true,
  },
  inventory: { answers: 'inventory.>', calls: [], forwards: [], asSelf: [], broadcasts: [ACCESS_REVOKED_SUBJECT], hears: [], publishesEvents: false, readsEvents: false },
  discovery: {
    answers: 'discovery.>',
    calls: [...new Set([...discoveryForwards, ...discoveryAsSelf])],
    forwards: discoveryForwards,
    asSelf: discoveryAsSelf,
    broadcasts: [],
    hears: [],
    publishesEvents: true,
    readsEvents: false,
  },
  executor: {
    answers: 'executor.>',
    calls: [...executorForwards, ...subjects(dueChecks, recordCheck)],
    forwards: executorForwards,
    asSelf: subjects(ServerRpc.connection, dueChecks, recordCheck, AuditRpc.append),
    broadcasts: [],
    hears: [],
    publishesEvents: true,
    readsEvents: false,
  },
  'console-relay': {
    answers: 'console-relay.>',
    calls: subjects(ServerRpc.connection, AuditRpc.append, IdentityRpc.resolveUser),
    forwards: [],
    asSelf: subjects(IdentityRpc.resolveUser),
    broadcasts: [],
    hears: [ACCESS_REVOKED_SUBJECT],
    publishesEvents: false,
    readsEvents: false,
  },
};

/** Subjects a console assertion (signed by the gateway into a console grant) is good for: the relay's calls as the console's opener. */
export const CONSOLE_ASSERTION_SUBJECTS: readonly string[] = subjects(ServerRpc.connection, AuditRpc.append);

/** Each service's own reply inbox prefix (the NATS client's `inboxPrefix`): no service can read another's replies. */
export function busInboxPrefix(service: ServiceName): string {
  return `_INBOX.${service}`;
}

/**
 * NATS subject permissions of a service's user. Replies need no publish permission on `_INBOX.>`:
 * the server's `allow_responses` lets a service answer exactly the requests it received, once.
 */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

const stream = EventStream.name;

export function natsPermissions(service: ServiceName): NatsPermissions {
  const access = BUS_ACCESS[service];
  const inbox = `${busInboxPrefix(service)}.>`;
  const publish = [...access.calls, ...access.broadcasts];
  const subscribe = [access.answers, inbox, ...access.hears];
  // Both sides of JetStream open it through ensureEventStream (create or align the one stream).
  if (access.publishesEvents || access.readsEvents) {
    publish.push('$JS.API.INFO', `$JS.API.STREAM.INFO.${stream}`, `$JS.API.STREAM.CREATE.${stream}`, `$JS.API.STREAM.UPDATE.${stream}`);
  }
  if (access.publishesEvents) publish.push(...EventStream.subjects);
  if (access.readsEvents) {
    publish.push(`$JS.API.CONSUMER.CREATE.${stream}`, `$JS.API.CONSUMER.CREATE.${stream}.>`, `$JS.API.CONSUMER.*.${stream}.*`, `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`);
  }
  return { publish: { allow: [...new Set(publish)] }, subscribe: { allow: [...new Set(subscribe)] } };
}

/** One NATS user of the generated server configuration: a service's ({@link natsUser}) or a test's own. */
export interface NatsUser {
  user: string;
  password: string;
  permissions: NatsPermissions;
}

/** The NATS user of `service` with its {@link natsPermissions}. */
export function natsUser(service: ServiceName, password: string, user: string = service): NatsUser {
  return { user, password, permissions: natsPermissions(service) };
}

/**
 * A nats-server configuration: JetStream under `storeDir`, listening on `host` (default
 * 127.0.0.1: tests and `npm run up`), no anonymous access, each user with its own permissions.
 */
export function renderNatsServerConfig(options: { port: number; storeDir: string; users: NatsUser[]; host?: string }): string {
  const users = options.users.map(({ user, password, permissions }) => {
    const { publish, subscribe } = permissions;
    return `    { user: ${JSON.stringify(user)}, password: ${JSON.stringify(password)}, permissions: { publish: { allow: ${JSON.stringify(publish.allow)} }, subscribe: { allow: ${JSON.stringify(subscribe.allow)} }, allow_responses: true } }`;
  });
  return [
    `host: ${JSON.stringify(options.host ?? '127.0.0.1')}`,
    `port: ${options.port}`,
    `jetstream { store_dir: ${JSON.stringify(options.storeDir)} }`,
    'authorization {',
    '  users = [',
    users.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
