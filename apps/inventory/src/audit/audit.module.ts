import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditWriter } from './audit.writer.js';

/**
 * The tamper-evident audit log: its bus handlers, and {@link AuditWriter} for the other inventory
 * modules (the only thing they use). Needs `PRISMA`, provided globally by `DbModule`.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditWriter],
  exports: [AuditWriter],
})
export class AuditModule {}
