// The gateway routes the console uses, one function each. Answers are validated with the schemas of
// `@pve-nexus/contracts`: the RPC response schemas too, since the gateway returns the bus answer as is.
import {
  AuditPage,
  AuditVerifyReport,
  IdentityRpc,
  MeResponse,
  SessionResponse,
  type AuditQuery,
  type ChangePasswordBody,
  type CreateApiKeyBody,
  type CreateTenantBody,
  type CreateUserBody,
  type PutMemberBody,
  type UpdateUserBody,
} from '@pve-nexus/contracts';
import { apiPath, sendRequest, type Send } from './api-client';

/** Audit filters as the API takes them; `limit` defaults to 50 on the server. */
export type AuditFilters = Omit<AuditQuery, 'limit'> & { limit?: number };

/** The audit verification walks every chain; the gateway allows it 60 s on the bus. */
const VERIFY_TIMEOUT_MS = 65_000;

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
    verifyAudit: () => send({ method: 'POST', path: '/audit/verify', response: AuditVerifyReport, timeoutMs: VERIFY_TIMEOUT_MS }),
  };
}

export type NexusApi = ReturnType<typeof createNexusApi>;
