import { SetMetadata } from '@nestjs/common';
import type { Action } from '@pve-nexus/authz';

export const ROUTE_ACTION = Symbol('ROUTE_ACTION');

/**
 * The policy action of a route; the guard refuses a route without one. Tenant routes take the tenant
 * from the `:tenantId` path parameter.
 */
export const Authorize = (action: Action) => SetMetadata(ROUTE_ACTION, action);
