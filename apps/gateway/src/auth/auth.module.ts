import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACCESS_TOKEN_OPTIONS, AccessTokenService, type AccessTokenOptions } from './access-token.service.js';
import { AuthController, COOKIE_SECURE } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.js';
import { LOGIN_RATE_LIMIT, LoginRateLimiter, type LoginLimits } from './login-rate-limiter.js';

export interface AuthOptions {
  accessToken: AccessTokenOptions;
  secureCookie: boolean;
  loginLimits: LoginLimits;
}

/** Authentication for every route (a global guard) and the sign-in, refresh and sign-out routes. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      // Global: the event streams re-check their readers with the same Authenticator.
      global: true,
      controllers: [AuthController],
      providers: [
        { provide: ACCESS_TOKEN_OPTIONS, useValue: options.accessToken },
        { provide: COOKIE_SECURE, useValue: options.secureCookie },
        { provide: LOGIN_RATE_LIMIT, useValue: options.loginLimits },
        AccessTokenService,
        Authenticator,
        AuthService,
        LoginRateLimiter,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator],
    };
  }
}
