import { Injectable } from '@nestjs/common';
import { BusClient } from '@pve-nexus/messaging';
import type { HealthProbe } from './health-probe.js';

@Injectable()
export class NatsProbe implements HealthProbe {
  readonly name = 'nats';

  constructor(private readonly bus: BusClient) {}

  check(): Promise<void> {
    return this.bus.ping();
  }
}
