import { Module } from '@nestjs/common';
import { FleetController } from './fleet.controller.js';

@Module({ controllers: [FleetController] })
export class FleetHttpModule {}
