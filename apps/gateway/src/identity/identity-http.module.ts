import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller.js';
import { MyInvitationsController, TenantInvitationsController } from './invitations.controller.js';
import { MembersController } from './members.controller.js';
import { TenantsController } from './tenants.controller.js';
import { UsersController } from './users.controller.js';

/** REST routes of the identity context (users, tenants, members, invitations, API keys), all served by inventory. */
@Module({ controllers: [UsersController, TenantsController, MembersController, ApiKeysController, TenantInvitationsController, MyInvitationsController] })
export class IdentityHttpModule {}
