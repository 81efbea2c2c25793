import { Controller, type Type } from '@nestjs/common';
import type { RequestMeta, RpcContract, ServiceHealth } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { RpcHandler, RpcMeta } from '@pve-nexus/messaging';
import { HealthReporter } from './health.reporter.js';

/** The `<service>.health.check` handler, bound to the service's own contract. */
export function healthRpcController(contract: RpcContract): Type {
  @Controller()
  class HealthRpcController {
    constructor(private readonly health: HealthReporter) {}

    @RpcHandler(contract)
    check(@RpcMeta() meta: RequestMeta): Promise<ServiceHealth> {
      authorize(meta.actor, 'health.read');
      return this.health.report();
    }
  }
  return HealthRpcController;
}
