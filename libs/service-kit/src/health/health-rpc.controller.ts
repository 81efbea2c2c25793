import { Controller, type Type } from '@nestjs/common';
import type { RpcContract, ServiceHealth } from '@pve-nexus/contracts';
import { RpcHandler } from '@pve-nexus/messaging';
import { HealthReporter } from './health.reporter.js';

/** The `<service>.health.check` handler, bound to the service's own contract. */
export function healthRpcController(contract: RpcContract): Type {
  @Controller()
  class HealthRpcController {
    constructor(private readonly health: HealthReporter) {}

    @RpcHandler(contract)
    check(): Promise<ServiceHealth> {
      return this.health.report();
    }
  }
  return HealthRpcController;
}
