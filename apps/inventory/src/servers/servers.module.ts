import { Module, type DynamicModule } from '@nestjs/common';
import type { KeyRing } from '@pve-nexus/crypto';
import { AuditModule } from '../audit/audit.module.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { CredentialVault, KEY_RING } from './credential.vault.js';
import { EgressPolicyRepository } from './egress-policy.repository.js';
import { EgressPolicyController, EgressPolicyService } from './egress-policy.service.js';
import { ServerCsvService } from './server-csv.service.js';
import { ServerController } from './server.controller.js';
import { ServerHealthController } from './server-health.controller.js';
import { ServerHealthRepository } from './server-health.repository.js';
import { ServerHealthService } from './server-health.service.js';
import { ServerRepository } from './server.repository.js';
import { ServerService } from './server.service.js';

/** A tenant's Proxmox servers and their encrypted API tokens. */
@Module({})
export class ServersModule {
  static forRoot(keyRing: KeyRing): DynamicModule {
    return {
      module: ServersModule,
      imports: [AuditModule],
      controllers: [ServerController, ServerHealthController, EgressPolicyController],
      providers: [{ provide: KEY_RING, useValue: keyRing }, CredentialVault, UnitOfWork, ServerRepository, ServerService, ServerCsvService, EgressPolicyRepository, EgressPolicyService, ServerHealthRepository, ServerHealthService],
    };
  }
}
