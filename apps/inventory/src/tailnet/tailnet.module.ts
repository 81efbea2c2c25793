import { Module, type DynamicModule } from '@nestjs/common';
import type { KeyRing } from '@pve-nexus/crypto';
import { AuditModule } from '../audit/audit.module.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { CredentialVault, KEY_RING } from '../servers/credential.vault.js';
import { DeviceEventRepository } from './device-event.repository.js';
import { DeviceHistoryService } from './device-history.service.js';
import { EnrollmentRepository } from './enrollment.repository.js';
import { TailnetController } from './tailnet.controller.js';
import { TailnetSettingsRepository } from './tailnet-settings.repository.js';
import { TailnetSettingsService } from './tailnet-settings.service.js';

/** A tenant's tailnet: sealed credentials, device history and enrollments. */
@Module({})
export class TailnetModule {
  static forRoot(keyRing: KeyRing): DynamicModule {
    return {
      module: TailnetModule,
      imports: [AuditModule],
      controllers: [TailnetController],
      providers: [{ provide: KEY_RING, useValue: keyRing }, CredentialVault, UnitOfWork, TailnetSettingsRepository, TailnetSettingsService, DeviceEventRepository, EnrollmentRepository, DeviceHistoryService],
    };
  }
}
