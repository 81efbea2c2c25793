import { z } from 'zod';
import { recordedText } from '../text/safe-text.js';
import { defineRpc } from '../rpc/rpc-contract.js';
import { Actor } from '../rpc/request-meta.js';
import { GuestType, NodeName, Upid, Vmid } from '../fleet/fleet.contract.js';

/**
 * How a console speaks: `vnc` is RFB through Proxmox `vncproxy` (noVNC in the browser), `term` is
 * the termproxy stream (xterm.js). QEMU guests default to `vnc`, containers to `term`.
 */
export const ConsoleProtocol = z.enum(['vnc', 'term']);
export type ConsoleProtocol = z.infer<typeof ConsoleProtocol>;

/** `POST .../guests/:vmid/console`: the guest's type and, optionally, the protocol. */
export const OpenConsoleBody = z.strictObject({ type: GuestType, protocol: ConsoleProtocol.optional() });
export type OpenConsoleBody = z.input<typeof OpenConsoleBody>;

/** The protocol a console uses when none is asked for. */
export function defaultConsoleProtocol(type: GuestType): ConsoleProtocol {
  return type === 'qemu' ? 'vnc' : 'term';
}

export const ConsoleTicketRequest = z.strictObject({ serverId: z.uuid(), node: NodeName, vmid: Vmid, type: GuestType, protocol: ConsoleProtocol });

/**
 * A Proxmox console ticket (`vncproxy` with `websocket=1&generate-password=1`, or `termproxy`).
 * The proxy worker on `node` accepts ONE WebSocket on `port` within about 10 s (`acceptBy`), so
 * a ticket is minted for every connect and every reconnect, and the WebSocket must go to `node`.
 */
export const ConsoleTicket = z.object({
  node: NodeName,
  port: z.number().int().min(5900).max(5999),
  /** `PVEVNC:...`: a secret, valid for about 40 s, bound to `pveUser` and the guest. */
  ticket: z.string().min(1).max(1024),
  /** The Proxmox user (token id) the ticket was issued to; termproxy's first line names it. */
  pveUser: z.string().min(1).max(256),
  /** The VNC password (`vnc` only): the generated one of `generate-password=1`. */
  password: z.string().min(1).max(64).optional(),
  upid: Upid,
  /** The guest's name (`status/current`), when Proxmox said it in time: a label for listings. */
  guestName: z.string().max(200).optional(),
  /** Epoch ms after which the proxy worker no longer accepts the WebSocket. */
  acceptBy: z.number().int(),
});
export type ConsoleTicket = z.infer<typeof ConsoleTicket>;

/**
 * What a one-time console token grants, as the gateway stores it in Redis (sealed with a key
 * derived from the token itself, under the token's SHA-256: Redis alone reveals nothing) and the
 * relay redeems it, once, with GETDEL.
 */
export const ConsoleGrant = z.object({
  /** The console session's id (audit, admin listing, ending). */
  sessionId: z.uuid(),
  tenantId: z.uuid(),
  /** Who opened it, with the roles of that moment (the relay acts as this actor on the bus). */
  actor: Actor,
  /**
   * The actor's identity for the relay's calls as them (the server's connection, the audit), signed
   * by the gateway and good only for those subjects, this server and the console's longest life.
   */
  assertion: z.string().min(1).max(4096),
  /** The actor's sign-in session, when a person: a revoked session ends the console. */
  authSessionId: z.uuid().optional(),
  serverId: z.uuid(),
  serverName: z.string().max(200),
  /** The node that answered vncproxy/termproxy: the WebSocket must reach this one. */
  node: NodeName,
  vmid: z.number().int(),
  guestType: GuestType,
  guestName: z.string().max(200).optional(),
  protocol: ConsoleProtocol,
  /** Viewers: the relay drops every key, pointer and clipboard event (and terminal input). */
  viewOnly: z.boolean(),
  port: z.number().int().min(5900).max(5999),
  ticket: z.string().min(1).max(1024),
  pveUser: z.string().min(1).max(256),
  /** Epoch ms: past this, the Proxmox worker refuses the WebSocket; the relay refuses the token before dialing. */
  acceptBy: z.number().int(),
  issuedAt: z.number().int(),
});
export type ConsoleGrant = z.infer<typeof ConsoleGrant>;

/** The answer to a console open: where to connect, with which one-time token. */
export const ConsoleOpened = z.object({
  sessionId: z.uuid(),
  /**
   * The one-time token (about 30 s, single use). Sent as a WebSocket subprotocol
   * (`pve-nexus.token.<token>`, with {@link CONSOLE_SUBPROTOCOL}), never in a URL.
   */
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Relay WebSocket URLs, in the order to try them (any replica redeems any token). */
  relayUrls: z.array(z.string().url()).min(1),
  protocol: ConsoleProtocol,
  viewOnly: z.boolean(),
  /** The VNC password for noVNC's VNC authentication (`vnc` only). */
  password: z.string().optional(),
  /** ISO time after which the token is refused. */
  expiresAt: z.iso.datetime(),
  guest: z.object({ serverId: z.uuid(), serverName: z.string(), node: z.string(), vmid: z.number().int(), type: GuestType, name: z.string().optional() }),
});
export type ConsoleOpened = z.infer<typeof ConsoleOpened>;

/** The WebSocket subprotocol the relay speaks; the token travels as a second offered subprotocol. */
export const CONSOLE_SUBPROTOCOL = 'pve-nexus.console.v1';
export const CONSOLE_TOKEN_SUBPROTOCOL_PREFIX = 'pve-nexus.token.';

/**
 * Close codes the relay sends (RFC 6455 private range 4000-4999), so the browser knows whether to
 * reconnect with a fresh token (`reconnect: true`) or to say why the console ended.
 */
export const ConsoleCloseCode = {
  /** The token is unknown, already used, expired, or its Proxmox ticket's accept window passed. */
  TOKEN_REFUSED: 4401,
  /** The relay could not parse the client's protocol (view-only consoles parse every RFB message). */
  PROTOCOL_ERROR: 4400,
  IDLE_TIMEOUT: 4408,
  MAX_DURATION: 4409,
  ENDED_BY_ADMIN: 4410,
  /** The user was deactivated, signed out, or lost the tenant role. */
  ACCESS_REVOKED: 4411,
  TENANT_SESSION_CAP: 4429,
  /** Proxmox refused or dropped the console, or could not be reached. */
  UPSTREAM_FAILED: 4502,
  /** The replica is shutting down: reconnect (another replica takes over). */
  DRAINING: 4503,
} as const;
export type ConsoleCloseCode = (typeof ConsoleCloseCode)[keyof typeof ConsoleCloseCode];

/** Close codes after which the client reconnects at once with a fresh token (1006: the replica vanished). */
export const RECONNECTABLE_CLOSE_CODES: readonly number[] = [1001, 1006, 1011, 1012, ConsoleCloseCode.DRAINING, ConsoleCloseCode.UPSTREAM_FAILED];

/** A live console session, as any relay replica lists it from the shared registry. */
export const ConsoleSessionView = z.object({
  sessionId: z.uuid(),
  tenantId: z.uuid(),
  /** `user:<id>` or `api-key:<id>`. */
  actorId: z.string(),
  serverId: z.uuid(),
  serverName: z.string(),
  node: z.string(),
  vmid: z.number().int(),
  guestType: GuestType,
  guestName: z.string().optional(),
  protocol: ConsoleProtocol,
  viewOnly: z.boolean(),
  /** The relay replica serving it. */
  replica: z.string(),
  openedAt: z.iso.datetime(),
  /** Bytes from the browser to Proxmox, and back, at the replica's last heartbeat. */
  bytesIn: z.number().int(),
  bytesOut: z.number().int(),
});
export type ConsoleSessionView = z.infer<typeof ConsoleSessionView>;

/** Console tickets (executor) and live sessions (console-relay). */
export const ConsoleRpc = {
  /** Mints a Proxmox console ticket for a guest (policy `console.view`; the gateway decides view-only). */
  ticket: defineRpc('executor.console.ticket', ConsoleTicketRequest, ConsoleTicket),
  /** Live sessions of the request's tenant (every tenant for a global admin without one), from any replica. */
  listSessions: defineRpc('console-relay.sessions.list', z.strictObject({}), z.object({ sessions: z.array(ConsoleSessionView) })),
  /** Ends a live session wherever it runs (`ENDED_BY_ADMIN`); `ended: false` when it was not live. */
  endSession: defineRpc('console-relay.sessions.end', z.strictObject({ sessionId: z.uuid() }), z.object({ ended: z.boolean() })),
} as const;

/**
 * Broadcast (core NATS, every replica hears it) when someone loses access: a deactivated or deleted
 * user, a revoked sign-in session, a removed membership or changed role, a deactivated tenant. The
 * relay ends the matching live consoles within seconds. A console matches when EVERY field given
 * matches it (`{ userId, tenantId }`: that user's consoles in that tenant only).
 */
export const AccessRevoked = z
  .object({
    userId: z.uuid().optional(),
    authSessionId: z.uuid().optional(),
    tenantId: z.uuid().optional(),
    apiKeyId: z.uuid().optional(),
    reason: recordedText(64),
  })
  .refine((value) => value.userId || value.authSessionId || value.tenantId || value.apiKeyId, 'names whom the revocation concerns');
export type AccessRevoked = z.infer<typeof AccessRevoked>;
export const ACCESS_REVOKED_SUBJECT = 'identity.access.revoked';

/** {@link AccessRevoked} on {@link ACCESS_REVOKED_SUBJECT}: the channel for libs/messaging's `Broadcaster`. */
export const AccessRevokedBroadcast = { subject: ACCESS_REVOKED_SUBJECT, schema: AccessRevoked } as const;

/** The `purpose` of `sealWithToken`/`openWithToken` (libs/crypto) for a console grant. */
export const CONSOLE_GRANT_SEAL_PURPOSE = 'console-grant';

/** Redis key (under the service's prefix) of a console grant: the token's SHA-256, hex. */
export function consoleGrantKey(tokenSha256Hex: string): string {
  return `console:grant:${tokenSha256Hex}`;
}
