import type { GlobalRole, TenantRole } from '@pve-nexus/contracts';

// Plain row shapes the services work with, so that only repositories know Prisma's types.

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  globalRole: GlobalRole;
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  active: boolean;
  serverQuota: number;
  createdAt: Date;
  deactivatedAt: Date | null;
}

export interface MembershipRow {
  role: TenantRole;
  tenant: TenantRow;
}

export interface MemberRow {
  role: TenantRole;
  createdAt: Date;
  user: UserRow;
}

export interface SessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface ApiKeyRow {
  id: string;
  tenantId: string;
  name: string;
  role: TenantRole;
  secretHash: Uint8Array;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}
