import { Module, type DynamicModule } from '@nestjs/common';
import { REVOCATION_OPTIONS, RevocationService, type RevocationOptions } from './revocation.service.js';

/** Ending consoles of people who lost access: the AccessRevoked broadcast and a periodic re-check. */
@Module({})
export class RevocationModule {
  static forRoot(relay: DynamicModule, options: RevocationOptions): DynamicModule {
    return { module: RevocationModule, imports: [relay], providers: [{ provide: REVOCATION_OPTIONS, useValue: options }, RevocationService] };
  }
}
