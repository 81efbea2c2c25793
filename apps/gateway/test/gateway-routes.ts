import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import type { Action } from '@pve-nexus/authz';
import { loadConfig, PROBE_ROUTE } from '@pve-nexus/service-kit';
import { busPublicKeysEnv, generateBusKeys } from '@pve-nexus/testing';
import { ROUTE_ACTION } from '../src/auth/authorize.decorator.js';
import { GatewayEnv } from '../src/config.js';
import { GatewayModule } from '../src/gateway.module.js';

export interface Route {
  method: string;
  path: string;
  action: Action | undefined;
}

/** Every route the gateway registers, read from the same module tree Nest boots. */
export function gatewayRoutes(): { routes: Route[]; probes: string[] } {
  const keys = generateBusKeys();
  const config = loadConfig(GatewayEnv, { NEXUS_JWT_SECRET: 'x'.repeat(32), NATS_PASSWORD: 'x'.repeat(16), NEXUS_BUS_SIGNING_KEY: keys.gateway.privateKey, NEXUS_BUS_PUBLIC_KEYS: busPublicKeysEnv(keys) });
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (entry: Type | DynamicModule | undefined): void => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    const dynamic = 'module' in entry ? (entry as DynamicModule) : undefined;
    const moduleClass = dynamic ? dynamic.module : (entry as Type);
    controllers.push(...((Reflect.getMetadata('controllers', moduleClass) as Type[] | undefined) ?? []), ...((dynamic?.controllers as Type[]) ?? []));
    for (const child of [...((Reflect.getMetadata('imports', moduleClass) as Type[] | undefined) ?? []), ...((dynamic?.imports as Type[]) ?? [])]) visit(child);
  };
  visit(GatewayModule.forRoot(config, 'test'));

  const routes: Route[] = [];
  const probes: string[] = [];
  for (const controller of new Set(controllers)) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'UNKNOWN';
      const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].filter((part) => part && part !== '/').join('/')}`;
      if (Reflect.getMetadata(PROBE_ROUTE, controller)) probes.push(`${method} ${path}`);
      else routes.push({ method, path, action: Reflect.getMetadata(ROUTE_ACTION, handler) as Action | undefined });
    }
  }
  return { routes, probes };
}
