import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { serviceModules } from '@pve-nexus/service-kit';
import { AuditHttpModule } from './audit/audit-http.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { GatewayConfig } from './config.js';
import { ConsoleHttpModule } from './console/console-http.module.js';
import { EventsHttpModule } from './events/events-http.module.js';
import { FleetHttpModule } from './fleet/fleet-http.module.js';
import { HealthModule } from './health/health.module.js';
import { ProblemFilter } from './http/problem.filter.js';
import { IdentityHttpModule } from './identity/identity-http.module.js';
import { ServersHttpModule } from './servers/servers-http.module.js';
import { TailnetHttpModule } from './tailnet/tailnet-http.module.js';

/** The only public HTTP entry: authenticates, authorizes, validates, and turns each request into a bus request. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, version: string): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ...serviceModules({ service: 'gateway', version, config }),
        AuthModule.forRoot({
          accessToken: { secret: config.NEXUS_JWT_SECRET, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
          secureCookie: config.REFRESH_COOKIE_SECURE,
          loginLimits: {
            perMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
            freeFailuresPerAddress: config.LOGIN_FREE_FAILURES_PER_ADDRESS,
            freeFailuresPerAccount: config.LOGIN_FREE_FAILURES_PER_ACCOUNT,
            baseDelayMs: config.LOGIN_BACKOFF_BASE_SECONDS * 1000,
            maxDelayMs: config.LOGIN_BACKOFF_MAX_SECONDS * 1000,
            failureWindowMs: config.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
          },
        }),
        HealthModule.forRoot(config.HEALTH_RPC_TIMEOUT_MS),
        IdentityHttpModule,
        AuditHttpModule,
        ServersHttpModule,
        TailnetHttpModule,
        FleetHttpModule,
        EventsHttpModule.forRoot({ recheckIntervalMs: config.EVENTS_ACCESS_RECHECK_MS }),
        ConsoleHttpModule.forRoot({ tokenTtlMs: config.CONSOLE_TOKEN_TTL_MS, maxSessionMs: config.CONSOLE_MAX_SESSION_MS, relayUrls: config.CONSOLE_RELAY_URLS }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
