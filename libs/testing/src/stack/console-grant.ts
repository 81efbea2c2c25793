import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { CONSOLE_ASSERTION_SUBJECTS, CONSOLE_GRANT_SEAL_PURPOSE, ConsoleGrant, consoleGrantKey, defaultConsoleProtocol, type ActorInput, type ConsoleProtocol } from '@pve-nexus/contracts';
import { newBearerToken, parseSigningKey, sealWithToken, signClaims, tokenDigest } from '@pve-nexus/crypto';
import type { ApiCall } from '../http/api-client.js';
import type { ProxmoxServer } from '../proxmox/proxmox-server.js';
import { api as pveApi } from '../proxmox/sim-client.test-util.js';
import type { Stack } from './stack.js';

/** What the gateway grants, the way it does: the Proxmox worker waits 10 s, 2 s of which are kept for the relay to dial. */
const WORKER_ACCEPT_MS = 10_000;
const ACCEPT_SAFETY_MARGIN_MS = 2_000;
const GRANT_TTL_MS = 30_000;

/** How long a minted grant's assertion holds: the relay's default longest console. */
const ASSERTION_TTL_MS = 8 * 3_600_000;

/** Who a console grant names: a signed-in person in a tenant, with their sign-in session. */
export interface GrantIdentity {
  actor: ActorInput;
  authSessionId?: string;
}

export interface ConsoleGrantRequest extends GrantIdentity {
  pve: ProxmoxServer;
  /** The server as registered in the stack. */
  serverId: string;
  tenantId: string;
  vmid: number;
  /** Default: `vnc` for VMs, `term` for containers. */
  protocol?: ConsoleProtocol;
  viewOnly?: boolean;
  /** How long the token lives in Redis. Default 30 s, as the gateway stores it. */
  ttlMs?: number;
  /** The ticket's accept window (epoch ms). Default: as the executor computes it. */
  acceptBy?: number;
}

export interface MintedConsoleGrant {
  token: string;
  grant: ConsoleGrant;
  /** The VNC password noVNC would get from the gateway (`vnc` only). */
  password?: string;
}

/**
 * Does what the gateway does to open a console, without the gateway: a real ticket from the
 * simulated Proxmox (`vncproxy` with `websocket=1`, `generate-password=1` for VMs, or `termproxy`),
 * then the one-time grant sealed with a fresh token and stored in the stack's Redis under
 * `console:grant:<sha256(token)>` with its TTL: exactly the record a relay redeems.
 */
export async function mintConsoleGrant(stack: Pick<Stack, 'redis' | 'busKeys'>, request: ConsoleGrantRequest): Promise<MintedConsoleGrant> {
  const guest = request.pve.guest(request.vmid);
  if (!guest) throw new Error(`no guest ${request.vmid} on ${request.pve.name}`);
  const protocol = request.protocol ?? defaultConsoleProtocol(guest.type);
  const requestedAt = Date.now();
  const form: Record<string, number> = protocol === 'term' ? {} : guest.type === 'qemu' ? { websocket: 1, 'generate-password': 1 } : { websocket: 1 };
  const res = await pveApi(request.pve, 'POST', `/nodes/${guest.node}/${guest.type}/${guest.vmid}/${protocol === 'vnc' ? 'vncproxy' : 'termproxy'}`, { form });
  if (res.status !== 200) throw new Error(`console ticket refused: ${res.status} ${res.statusText}`);
  const proxy = res.json.data as { user: string; ticket: string; port: string; password?: string };
  const grant = ConsoleGrant.parse({
    sessionId: randomUUID(),
    tenantId: request.tenantId,
    actor: request.actor,
    // As the gateway signs it: the relay acts as this actor for the console's calls on this server only.
    assertion: signClaims(parseSigningKey(stack.busKeys.gateway.privateKey), {
      iss: 'gateway',
      act: request.actor,
      ten: request.tenantId,
      aud: CONSOLE_ASSERTION_SUBJECTS,
      srv: request.serverId,
      iat: requestedAt,
      exp: requestedAt + ASSERTION_TTL_MS,
    }),
    ...(request.authSessionId ? { authSessionId: request.authSessionId } : {}),
    serverId: request.serverId,
    serverName: request.pve.name,
    node: guest.node,
    vmid: guest.vmid,
    guestType: guest.type,
    guestName: guest.name,
    protocol,
    viewOnly: request.viewOnly ?? false,
    port: Number(proxy.port),
    ticket: proxy.ticket,
    pveUser: proxy.user,
    acceptBy: request.acceptBy ?? requestedAt + WORKER_ACCEPT_MS - ACCEPT_SAFETY_MARGIN_MS,
    issuedAt: requestedAt,
  });
  const token = newBearerToken();
  const redis = new Redis(stack.redis.url, { keyPrefix: stack.redis.keyPrefix });
  try {
    await redis.set(consoleGrantKey(tokenDigest(token)), sealWithToken(token, CONSOLE_GRANT_SEAL_PURPOSE, JSON.stringify(grant)), 'PX', request.ttlMs ?? GRANT_TTL_MS);
  } finally {
    redis.disconnect();
  }
  return { token, grant, ...(protocol === 'vnc' ? { password: proxy.password ?? proxy.ticket.slice(0, 8) } : {}) };
}

/**
 * The identity the gateway would put in a grant for the holder of `accessToken` in `tenantId`:
 * the user and roles from `/api/v1/me`, the sign-in session from the token's `sid` claim.
 */
export async function grantIdentity(api: ApiCall, accessToken: string, tenantId: string): Promise<GrantIdentity> {
  const me = await api('GET', '/api/v1/me', { token: accessToken });
  if (me.status !== 200) throw new Error(`GET /me: ${me.status}`);
  const role = me.body.memberships.find((membership: { tenantId: string }) => membership.tenantId === tenantId)?.role;
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string };
  return {
    actor: { type: 'user', userId: me.body.user.id, globalRole: me.body.user.globalRole, ...(role ? { tenantRole: role } : {}) },
    authSessionId: claims.sid,
  };
}
