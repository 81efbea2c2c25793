import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { authorize } from '@pve-nexus/authz';
import {
  NexusError,
  type AuditAppendRequest,
  type AuditEntryView,
  type AuditOutcome,
  type AuditPage,
  type AuditQuery,
  type AuditVerifyReport,
  type RequestMeta,
} from '@pve-nexus/contracts';
import type { StoredAuditEntry } from './audit-chain.verifier.js';
import { GLOBAL_CHAIN } from './audit-record.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';

/** An append request after validation (defaults applied). */
export type AuditAppendInput = z.output<typeof AuditAppendRequest>;
/** A query after validation (defaults applied). */
export type AuditQueryInput = z.output<typeof AuditQuery>;

// A prefix filter becomes a LIKE pattern: only the characters of action names may reach it, so `_`
// and `%` can never act as wildcards.
const ACTION_PREFIX = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.$/;
// seq is a bigint column; the contract's cursor allows 19 digits, a little beyond it.
const MAX_SEQ = 2n ** 63n - 1n;

/** `user.*`: every action under `user.`; anything else: that exact action. */
export function actionFilter(action: string | undefined): AuditFilter['action'] {
  if (action === undefined) return undefined;
  if (!action.endsWith('.*')) return { equals: action };
  const prefix = action.slice(0, -1);
  if (!ACTION_PREFIX.test(prefix)) {
    throw new NexusError('VALIDATION', 'Invalid audit query', [
      { path: 'action', message: 'an action (user.login) or an action prefix followed by ".*" (user.*)' },
    ]);
  }
  return { startsWith: prefix };
}

function minBigInt(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** An entry as the contract shows it: 64-bit seq as a decimal string, time in ISO 8601. */
export function auditEntryView(entry: StoredAuditEntry): AuditEntryView {
  return {
    id: entry.id,
    seq: entry.seq.toString(),
    tenantId: entry.tenantId,
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    outcome: entry.outcome as AuditOutcome,
    requestId: entry.requestId,
    details: entry.details as Record<string, unknown>,
    createdAt: entry.createdAt.toISOString(),
  };
}

/** The audit log's bus operations: who may append, read and verify, and in which chain. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Records an event reported by another service, as done by the request's actor in the request's tenant. */
  async append(request: AuditAppendInput, meta: RequestMeta): Promise<{ id: string }> {
    authorize(meta.actor, 'audit.append', { tenantId: meta.tenantId });
    const { id } = await this.audit.append({
      tenantId: meta.tenantId ?? null,
      actor: meta.actor,
      action: request.action,
      outcome: request.outcome,
      targetType: request.targetType,
      targetId: request.targetId,
      requestId: meta.requestId,
      details: request.details,
    });
    return { id };
  }

  /** A page of the request's tenant's chain (tenant admins), or of the global chain (global admins). */
  async query(query: AuditQueryInput, meta: RequestMeta): Promise<AuditPage> {
    if (meta.tenantId) authorize(meta.actor, 'audit.read', { tenantId: meta.tenantId });
    else authorize(meta.actor, 'audit.read.global');
    const page = await this.audit.query(
      meta.tenantId?.toLowerCase() ?? GLOBAL_CHAIN,
      {
        action: actionFilter(query.action),
        actorId: query.actorId,
        targetId: query.targetId,
        outcome: query.outcome,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      { limit: query.limit, before: query.cursor === undefined ? undefined : minBigInt(BigInt(query.cursor), MAX_SEQ) },
    );
    return { entries: page.entries.map(auditEntryView), nextCursor: page.nextCursor?.toString() ?? null };
  }

  /** Recomputes every chain; global administrators only. */
  async verify(meta: RequestMeta): Promise<AuditVerifyReport> {
    authorize(meta.actor, 'audit.verify');
    const { ok, chainsChecked, entriesChecked, problems } = await this.audit.verify();
    return { ok, chainsChecked, entriesChecked, problems };
  }
}
