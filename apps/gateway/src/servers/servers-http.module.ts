import { Module } from '@nestjs/common';
import { EgressPolicyController } from './egress-policy.controller.js';
import { ServersController } from './servers.controller.js';

@Module({ controllers: [ServersController, EgressPolicyController] })
export class ServersHttpModule {}
