import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller.js';
import { MembersController } from './members.controller.js';
import { TenantsController } from './tenants.controller.js';
import { UsersController } from './users.controller.js';

/** REST routes of the identity context (users, tenants, members, API keys), all served by inventory. */
@Module({ controllers: [UsersController, TenantsController, MembersController, ApiKeysController] })
export class IdentityHttpModule {}
