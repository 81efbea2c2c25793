import { z } from 'zod';
import { lineText, recordedText } from '../text/safe-text.js';
import { defineRpc } from '../rpc/rpc-contract.js';
import { TenantRole } from './roles.js';
import {
  AnyPassword,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateTenantBody,
  CreateUserBody,
  Email,
  PutMemberBody,
  RenameTenantBody,
  UpdateUserBody,
} from './identity.inputs.js';
import { ApiKeyView, InvitationView, MemberView, Principal, TenantView, UserView } from './identity.views.js';

const Uuid = z.uuid();
const RefreshToken = lineText(200, 20);
/** Tenant-scoped requests carry the tenant in the bus headers (`nexus-tenant-id`), not the payload. */
const NoPayload = z.strictObject({});

/** A new session: the refresh token is returned once; the service keeps only its hash. */
const IssuedSession = z.object({ sessionId: Uuid, refreshToken: RefreshToken, expiresAt: z.iso.datetime({ offset: true }), user: UserView });

/** The identity context of inventory: sessions, users, tenants, members and API keys. */
export const IdentityRpc = {
  login: defineRpc(
    'inventory.session.create',
    z.strictObject({ email: Email, password: AnyPassword, ip: lineText(64).optional(), userAgent: recordedText(256).optional() }),
    IssuedSession,
  ),
  refresh: defineRpc('inventory.session.refresh', z.strictObject({ refreshToken: RefreshToken }), IssuedSession),
  logout: defineRpc('inventory.session.revoke', z.strictObject({ sessionId: Uuid }), z.object({ revoked: z.boolean() })),
  resolveUser: defineRpc('inventory.principal.resolve', z.strictObject({ userId: Uuid, sessionId: Uuid }), Principal),
  /** The gateway sends the key id and the SHA-256 of the secret (hex), never the secret itself. */
  resolveApiKey: defineRpc(
    'inventory.api-key.authenticate',
    z.strictObject({ apiKeyId: Uuid, secretSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    Principal,
  ),
  /** Revokes every other session of the user; `keepSessionId` is the caller's own. */
  changePassword: defineRpc(
    'inventory.password.change',
    ChangePasswordBody.extend({ keepSessionId: Uuid.optional() }),
    z.object({ changed: z.literal(true) }),
  ),

  listUsers: defineRpc('inventory.user.list', NoPayload, z.object({ users: z.array(UserView) })),
  createUser: defineRpc('inventory.user.create', CreateUserBody, z.object({ user: UserView, oneTimePassword: z.string().optional() })),
  updateUser: defineRpc('inventory.user.update', z.strictObject({ userId: Uuid, changes: UpdateUserBody }), z.object({ user: UserView })),
  deleteUser: defineRpc('inventory.user.delete', z.strictObject({ userId: Uuid }), z.object({ deleted: z.literal(true) })),

  listTenants: defineRpc('inventory.tenant.list', NoPayload, z.object({ tenants: z.array(TenantView) })),
  createTenant: defineRpc('inventory.tenant.create', CreateTenantBody, z.object({ tenant: TenantView })),
  getTenant: defineRpc('inventory.tenant.get', NoPayload, z.object({ tenant: TenantView })),
  renameTenant: defineRpc('inventory.tenant.rename', RenameTenantBody, z.object({ tenant: TenantView })),
  deactivateTenant: defineRpc('inventory.tenant.deactivate', NoPayload, z.object({ tenant: TenantView })),
  activateTenant: defineRpc('inventory.tenant.activate', NoPayload, z.object({ tenant: TenantView })),

  listMembers: defineRpc('inventory.member.list', NoPayload, z.object({ members: z.array(MemberView) })),
  /**
   * A global admin adds a user directly; a tenant admin changes a member's role or, for anyone else,
   * invites the address: the same answer whether or not an account with it exists.
   */
  putMember: defineRpc('inventory.member.put', PutMemberBody, z.union([z.object({ member: MemberView }), z.object({ invitation: InvitationView })])),
  listInvitations: defineRpc('inventory.invitation.list', NoPayload, z.object({ invitations: z.array(InvitationView) })),
  revokeInvitation: defineRpc('inventory.invitation.revoke', z.strictObject({ invitationId: Uuid }), z.object({ revoked: z.literal(true) })),
  /** The signed-in person's own pending invitations (by their e-mail). */
  myInvitations: defineRpc('inventory.invitation.mine', NoPayload, z.object({ invitations: z.array(InvitationView) })),
  answerInvitation: defineRpc(
    'inventory.invitation.answer',
    z.strictObject({ invitationId: Uuid, accept: z.boolean() }),
    z.object({ membership: z.object({ tenantId: z.uuid(), role: TenantRole }).nullable() }),
  ),
  removeMember: defineRpc('inventory.member.remove', z.strictObject({ userId: Uuid }), z.object({ removed: z.literal(true) })),

  listApiKeys: defineRpc('inventory.api-key.list', NoPayload, z.object({ apiKeys: z.array(ApiKeyView) })),
  createApiKey: defineRpc('inventory.api-key.create', CreateApiKeyBody, z.object({ apiKey: ApiKeyView, token: z.string() })),
  revokeApiKey: defineRpc('inventory.api-key.revoke', z.strictObject({ apiKeyId: Uuid }), z.object({ apiKey: ApiKeyView })),
} as const;
