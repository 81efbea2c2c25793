// The gateway routes the console uses, one function each. Answers are validated with the schemas of
// `@pve-nexus/contracts`: the RPC response schemas too, since the gateway returns the bus answer as is.
import { z } from 'zod';
import {
  ApiBrowseRpc,
  AuditPage,
  AuditVerifyReport,
  ConnectionTestResult,
  ConsoleOpened,
  ConsoleRpc,
  CsvImportReport,
  FleetRpc,
  IdentityRpc,
  MeResponse,
  ServerHealthView,
  ServerRpc,
  SessionResponse,
  type AcceptFingerprintsBody,
  type AuditQuery,
  type CreateServerBody,
  type UpdateServerBody,
  type ChangePasswordBody,
  type CreateApiKeyBody,
  type CreateTenantBody,
  type CreateUserBody,
  type GuestActionBody,
  type OpenConsoleBody,
  type PutMemberBody,
  type UpdateUserBody,
} from '@pve-nexus/contracts';
import { apiPath, sendRequest, type Send } from './api-client';
import { createTailnetApi } from './tailnet-api';

/** Audit filters as the API takes them; `limit` defaults to 50 on the server. */
export type AuditFilters = Omit<AuditQuery, 'limit'> & { limit?: number };

/** The audit verification walks every chain; the gateway allows it 60 s on the bus. */
const VERIFY_TIMEOUT_MS = 65_000;
/** A connection test waits for the server's own connect timeout (at most 120 s); the gateway allows 130 s. */
const SERVER_TEST_TIMEOUT_MS = 135_000;
/** An import of 10,000 rows is checked and written in one transaction; the gateway allows it 90 s. */
const CSV_IMPORT_TIMEOUT_MS = 95_000;
/** A fleet list waits for the slowest server's own timeout (at most 120 s); the gateway allows 135 s (so do actions and API reads). */
const FLEET_TIMEOUT_MS = 140_000;

/** One page of a tenant's servers; `cursor` is the previous page's `nextCursor`. */
export interface ServerPageQuery {
  limit?: number;
  cursor?: string;
}

/** Sign-in and token renewal: no access token involved, so these call {@link sendRequest} directly. */
export const authApi = {
  /** The refresh token comes back as an httpOnly cookie (`session: 'cookie'`), never in the body. */
  login: (email: string, password: string) =>
    sendRequest({ method: 'POST', path: '/auth/login', body: { email, password, session: 'cookie' }, response: SessionResponse }),
  /** The browser sends the refresh cookie by itself; the answer rotates it. */
  refresh: () => sendRequest({ method: 'POST', path: '/auth/refresh', body: {}, response: SessionResponse }),
};

/** The routes that need the signed-in user's token; `send` adds it (see the session provider). */
export function createNexusApi(send: Send) {
  return {
    me: () => send({ method: 'GET', path: '/me', response: MeResponse }),
    /** Ends the session on the server and clears the refresh cookie. */
    logout: () => send({ method: 'POST', path: '/auth/logout', response: null }),
    changePassword: (body: ChangePasswordBody) => send({ method: 'POST', path: '/auth/password', body, response: null }),

    listUsers: (signal?: AbortSignal) => send({ method: 'GET', path: '/users', response: IdentityRpc.listUsers.response, signal }),
    createUser: (body: CreateUserBody) => send({ method: 'POST', path: '/users', body, response: IdentityRpc.createUser.response }),
    updateUser: (userId: string, body: UpdateUserBody) =>
      send({ method: 'PATCH', path: apiPath`/users/${userId}`, body, response: IdentityRpc.updateUser.response }),
    deleteUser: (userId: string) => send({ method: 'DELETE', path: apiPath`/users/${userId}`, response: null }),

    /** Global admins get every tenant; anyone else their own. */
    listTenants: (signal?: AbortSignal) => send({ method: 'GET', path: '/tenants', response: IdentityRpc.listTenants.response, signal }),
    createTenant: (body: CreateTenantBody) => send({ method: 'POST', path: '/tenants', body, response: IdentityRpc.createTenant.response }),
    setTenantActive: (tenantId: string, active: boolean) =>
      send({
        method: 'POST',
        path: active ? apiPath`/tenants/${tenantId}/activate` : apiPath`/tenants/${tenantId}/deactivate`,
        response: IdentityRpc.activateTenant.response,
      }),

    listMembers: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/members`, response: IdentityRpc.listMembers.response, signal }),
    /** Adds the user with this e-mail, or changes their role. */
    putMember: (tenantId: string, body: PutMemberBody) =>
      send({ method: 'PUT', path: apiPath`/tenants/${tenantId}/members`, body, response: IdentityRpc.putMember.response }),
    removeMember: (tenantId: string, userId: string) =>
      send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/members/${userId}`, response: null }),
    /** The tenant's pending invitations (made when a tenant admin adds someone by e-mail). */
    listInvitations: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/invitations`, response: IdentityRpc.listInvitations.response, signal }),
    revokeInvitation: (tenantId: string, invitationId: string) => send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/invitations/${invitationId}`, response: null }),
    /** The signed-in person's own invitations to tenants. */
    myInvitations: (signal?: AbortSignal) => send({ method: 'GET', path: '/me/invitations', response: IdentityRpc.myInvitations.response, signal }),
    answerInvitation: (invitationId: string, accept: boolean) =>
      send({ method: 'POST', path: accept ? apiPath`/me/invitations/${invitationId}/accept` : apiPath`/me/invitations/${invitationId}/decline`, response: IdentityRpc.answerInvitation.response }),

    listApiKeys: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/api-keys`, response: IdentityRpc.listApiKeys.response, signal }),
    /** The answer's `token` is the only copy there will ever be. */
    createApiKey: (tenantId: string, body: CreateApiKeyBody) =>
      send({ method: 'POST', path: apiPath`/tenants/${tenantId}/api-keys`, body, response: IdentityRpc.createApiKey.response }),
    revokeApiKey: (tenantId: string, apiKeyId: string) =>
      send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/api-keys/${apiKeyId}`, response: IdentityRpc.revokeApiKey.response }),

    /** A tenant's chain, or the installation's (`tenantId` null, global admins). Newest first. */
    queryAudit: (tenantId: string | null, filters: AuditFilters, signal?: AbortSignal) =>
      send({
        method: 'GET',
        path: tenantId ? apiPath`/tenants/${tenantId}/audit` : '/audit',
        query: { ...filters },
        response: AuditPage,
        signal,
      }),
    listServers: (tenantId: string, page: ServerPageQuery, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/servers`, query: { ...page }, response: ServerRpc.list.response, signal }),
    createServer: (tenantId: string, body: CreateServerBody) =>
      send({ method: 'POST', path: apiPath`/tenants/${tenantId}/servers`, body, response: ServerRpc.create.response }),
    /** Any field; `apiToken` replaces the stored token; a new address drops the accepted fingerprints. */
    updateServer: (tenantId: string, serverId: string, body: UpdateServerBody) =>
      send({ method: 'PATCH', path: apiPath`/tenants/${tenantId}/servers/${serverId}`, body, response: ServerRpc.update.response }),
    deleteServer: (tenantId: string, serverId: string) => send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/servers/${serverId}`, response: null }),
    /** Tests the form's values before saving; nothing is stored. */
    testUnsavedServer: (tenantId: string, body: CreateServerBody) =>
      send({ method: 'POST', path: apiPath`/tenants/${tenantId}/servers/test`, body, response: ConnectionTestResult, timeoutMs: SERVER_TEST_TIMEOUT_MS }),
    /** Tests a stored server with its stored token and pins. */
    testServer: (tenantId: string, serverId: string) =>
      send({ method: 'POST', path: apiPath`/tenants/${tenantId}/servers/${serverId}/test`, response: ConnectionTestResult, timeoutMs: SERVER_TEST_TIMEOUT_MS }),
    /** Pins certificate fingerprints a test showed: an explicit, audited decision. */
    acceptFingerprints: (tenantId: string, serverId: string, body: AcceptFingerprintsBody) =>
      send({ method: 'POST', path: apiPath`/tenants/${tenantId}/servers/${serverId}/fingerprints`, body, response: ServerRpc.acceptFingerprints.response }),
    /** A dry run reports every row; otherwise every row is imported, or none (a 400 names each bad cell). */
    importServersCsv: (tenantId: string, csv: string, dryRun: boolean) =>
      send({
        method: 'POST',
        path: apiPath`/tenants/${tenantId}/servers/import`,
        query: { dryRun: String(dryRun) },
        rawBody: { contentType: 'text/csv', text: csv },
        response: CsvImportReport,
        timeoutMs: CSV_IMPORT_TIMEOUT_MS,
      }),
    /** The seed's CSV columns, tokens left empty. */
    exportServersCsv: (tenantId: string) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/servers/export`, response: z.string(), responseFormat: 'text' }),

    /** Every guest of every server; a failing server is an error entry in `servers`. */
    fleet: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/fleet`, response: FleetRpc.list.response, signal, timeoutMs: FLEET_TIMEOUT_MS }),
    /** Starts a power action: the task id at once; its progress comes as `task.progress` events. */
    guestAction: (tenantId: string, serverId: string, node: string, vmid: number, body: GuestActionBody) =>
      send({
        method: 'POST',
        path: apiPath`/tenants/${tenantId}/servers/${serverId}/nodes/${node}/guests/${String(vmid)}/actions`,
        body,
        response: FleetRpc.action.response,
        timeoutMs: FLEET_TIMEOUT_MS,
      }),
    task: (tenantId: string, serverId: string, node: string, upid: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/servers/${serverId}/nodes/${node}/tasks/${upid}`, response: FleetRpc.task.response, signal }),
    /**
     * A console for a guest: relay URLs and a one-time token (about 30 s). Asked again for every
     * connect and reconnect: the Proxmox ticket behind a token works once, within seconds.
     */
    openConsole: (tenantId: string, serverId: string, node: string, vmid: number, body: OpenConsoleBody, signal?: AbortSignal) =>
      send({
        method: 'POST',
        path: apiPath`/tenants/${tenantId}/servers/${serverId}/nodes/${node}/guests/${String(vmid)}/console`,
        body,
        response: ConsoleOpened,
        signal,
      }),
    /** Live consoles of the tenant, on every relay replica (tenant admins). */
    listConsoleSessions: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/console-sessions`, response: ConsoleRpc.listSessions.response, signal }),
    /** Ends a live console wherever it runs; `ended: false` when it had already ended. */
    endConsoleSession: (tenantId: string, sessionId: string) =>
      send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/console-sessions/${sessionId}`, response: ConsoleRpc.endSession.response }),
    getServer: (tenantId: string, serverId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/servers/${serverId}`, response: ServerRpc.get.response, signal }),
    /**
     * Proxmox's answer at a path of the read-only API browser (`nodes/pve1/status`, no leading slash):
     * the slashes stay as they are, and the gateway and the executor check the path against the whitelist.
     */
    browseServerApi: (tenantId: string, serverId: string, path: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: `${apiPath`/tenants/${tenantId}/servers/${serverId}/api/`}${path}`, response: ApiBrowseRpc.get.response, signal, timeoutMs: FLEET_TIMEOUT_MS }),
    /** Hourly success rate and latency of the health checks, and the last 20 checks. */
    serverHealth: (tenantId: string, serverId: string, hours: number, signal?: AbortSignal) =>
      send({ method: 'GET', path: apiPath`/tenants/${tenantId}/servers/${serverId}/health`, query: { hours }, response: ServerHealthView, signal }),

    verifyAudit: () => send({ method: 'POST', path: '/audit/verify', response: AuditVerifyReport, timeoutMs: VERIFY_TIMEOUT_MS }),

    /** The tenant's tailnet and machines (api/tailnet-api.ts). */
    ...createTailnetApi(send),
  };
}

export type NexusApi = ReturnType<typeof createNexusApi>;
