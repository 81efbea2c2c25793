import { z } from 'zod';
import { FleetServerFailure, GuestType, NodeName, TaskView, Upid } from '../fleet/fleet.contract.js';

/**
 * Domain events: published on JetStream under `events.<tenantId>.<kind>` and kept in the
 * {@link EventStream} stream, so a consumer that was away (a restarted service, a browser that lost
 * its SSE connection) resumes from a stream sequence and misses nothing.
 */
export const EventStream = {
  /** The JetStream stream that holds every domain event. */
  name: 'NEXUS_EVENTS',
  /** Subjects the stream captures. */
  subjects: ['events.>'],
  /** How long an event is kept (resumable), in ms. Default 24 h. */
  maxAgeMs: 24 * 60 * 60_000,
  /** Window in which a repeated `Nats-Msg-Id` (the event id) is dropped as a duplicate, in ms. Default 2 min. */
  duplicateWindowMs: 2 * 60_000,
} as const;

/** The kinds of domain events; each is the tail of its subject. */
export const EventKind = z.enum(['task.progress', 'vm.state', 'server.status', 'device.status']);
export type EventKind = z.infer<typeof EventKind>;

/** A Proxmox task the executor follows: on start, on each status change, and at its end. */
export const TaskProgressData = TaskView.extend({
  serverId: z.uuid(),
  node: NodeName,
  /** The guest the task acts on, when the executor started it for a power action. */
  vmid: z.number().int().optional(),
  guestType: GuestType.optional(),
  /** The power action (`stop`, `start`...), when known. */
  action: z.string().optional(),
});
export type TaskProgressData = z.infer<typeof TaskProgressData>;

/** A guest's state after something changed it (for now: after a finished power-action task). */
export const VmStateData = z.object({
  serverId: z.uuid(),
  node: NodeName,
  vmid: z.number().int(),
  type: GuestType,
  /** `running`, `stopped`, `paused`... as Proxmox says it. */
  status: z.string(),
  /** The task that caused the change, if any. */
  upid: Upid.optional(),
});
export type VmStateData = z.infer<typeof VmStateData>;

/**
 * Whether a managed server answers, as the executor's health checks see it: published once per change
 * (answering ↔ not answering, and a server's first check), with the failure's reason when it does not.
 */
export const ServerStatusData = z.object({
  serverId: z.uuid(),
  status: z.enum(['ok', 'error']),
  error: z.object({ reason: FleetServerFailure, message: z.string() }).optional(),
});
export type ServerStatusData = z.infer<typeof ServerStatusData>;

/**
 * A tailnet device changed as discovery's monitor sees it: went online or offline, appeared, was
 * removed, or enrolled with an auth key the product minted.
 */
export const DeviceStatusData = z.object({
  deviceId: z.string(),
  name: z.string(),
  change: z.enum(['online', 'offline', 'appeared', 'removed', 'enrolled']),
  /** Whether the device is online after the change. */
  online: z.boolean(),
  lastSeen: z.iso.datetime({ offset: true }).nullable(),
});
export type DeviceStatusData = z.infer<typeof DeviceStatusData>;

const envelope = {
  /** Unique per event; also the JetStream `Nats-Msg-Id`, so a retried publish is stored once. */
  id: z.uuid(),
  tenantId: z.uuid(),
  /** ISO 8601 time at which the event happened. */
  occurredAt: z.iso.datetime(),
};

/** Every domain event: a common envelope, with `data` checked against the schema of its `kind`. */
export const DomainEvent = z.discriminatedUnion('kind', [
  z.object({ ...envelope, kind: z.literal('task.progress'), data: TaskProgressData }),
  z.object({ ...envelope, kind: z.literal('vm.state'), data: VmStateData }),
  z.object({ ...envelope, kind: z.literal('server.status'), data: ServerStatusData }),
  z.object({ ...envelope, kind: z.literal('device.status'), data: DeviceStatusData }),
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
/** The event of one kind. */
export type DomainEventOf<K extends EventKind> = Extract<DomainEvent, { kind: K }>;
/** What a publisher gives: the envelope's id and time are filled in when omitted. */
export type DomainEventInput<K extends EventKind = EventKind> = Omit<DomainEventOf<K>, 'id' | 'occurredAt'> & { id?: string; occurredAt?: string };

/** The subject of a tenant's event of one kind: `events.<tenantId>.<kind>`. */
export function eventSubject(tenantId: string, kind: EventKind): string {
  return `events.${z.uuid().parse(tenantId)}.${kind}`;
}

/** The subject filter of every event of one tenant: `events.<tenantId>.>`. */
export function tenantEventsFilter(tenantId: string): string {
  return `events.${z.uuid().parse(tenantId)}.>`;
}
