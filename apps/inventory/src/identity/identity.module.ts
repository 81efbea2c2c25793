import { InvitationController } from './invitation.controller.js';
import { InvitationRepository } from './invitation.repository.js';
import { InvitationService } from './invitation.service.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessRevocations } from './access-revocations.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyService } from './api-key.service.js';
import { IDENTITY_SETTINGS, type IdentitySettings } from './identity.settings.js';
import { SessionController } from './session.controller.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { TenantController } from './tenant.controller.js';
import { TenantRepository } from './tenant.repository.js';
import { TenantService } from './tenant.service.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { UserController } from './user.controller.js';
import { UserRepository } from './user.repository.js';
import { UserService } from './user.service.js';

/** Identity: sessions, users, tenants, members and API keys. */
@Module({})
export class IdentityModule {
  static forRoot(settings: IdentitySettings): DynamicModule {
    return {
      module: IdentityModule,
      imports: [AuditModule],
      controllers: [SessionController, UserController, TenantController, InvitationController],
      providers: [
        { provide: IDENTITY_SETTINGS, useValue: settings },
        UnitOfWork,
        AccessRevocations,
        UserRepository,
        SessionRepository,
        TenantRepository,
        ApiKeyRepository,
        InvitationRepository,
        InvitationService,
        SessionService,
        UserService,
        TenantService,
        ApiKeyService,
      ],
    };
  }
}
