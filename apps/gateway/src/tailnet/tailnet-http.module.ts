import { Module } from '@nestjs/common';
import { MachinesController } from './machines.controller.js';
import { TailnetController } from './tailnet.controller.js';

@Module({ controllers: [TailnetController, MachinesController] })
export class TailnetHttpModule {}
