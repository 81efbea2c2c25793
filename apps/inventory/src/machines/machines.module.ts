import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { MachineController } from './machine.controller.js';
import { MachineRepository } from './machine.repository.js';
import { MachineService } from './machine.service.js';

/** Machines reached over SSH: imported from a tailnet or added by hand. */
@Module({
  imports: [AuditModule],
  controllers: [MachineController],
  providers: [UnitOfWork, MachineRepository, MachineService],
})
export class MachinesModule {}
