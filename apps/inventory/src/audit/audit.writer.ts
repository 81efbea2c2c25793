import { Injectable } from '@nestjs/common';
import { AuditAction } from '@pve-nexus/contracts';
import type { AuditRecord } from './audit-record.js';
import { AuditRepository, type AuditTransaction } from './audit.repository.js';

/**
 * How inventory modules record what happened: the one entry point to the audit log. Pass the
 * transaction of the change being recorded, so both commit together or neither does.
 */
@Injectable()
export class AuditWriter {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Appends `record` to its chain (its tenant's, or the global one). Inside `tx` the chain stays
   * locked until that transaction ends, so call this as the transaction's last step.
   * @throws Error when `action` is not a dotted lower-case verb: a programming error, which also
   * rolls back `tx` rather than leaving an unsearchable entry.
   */
  async append(record: AuditRecord, tx?: AuditTransaction): Promise<{ id: string }> {
    if (!AuditAction.safeParse(record.action).success) {
      throw new Error(`audit action "${record.action}" is not a dotted lower-case verb (such as "user.login")`);
    }
    const { id } = await this.audit.append(record, tx);
    return { id };
  }
}
