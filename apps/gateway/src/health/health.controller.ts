import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SystemHealth } from '@pve-nexus/contracts';
import { Authorize } from '../auth/authorize.decorator.js';
import { SystemHealthService } from './system-health.service.js';

@Controller('api/v1/health')
export class HealthController {
  constructor(private readonly health: SystemHealthService) {}

  /** The gateway and every service behind it; 503 when any is down. */
  @Get()
  @Authorize('health.read')
  async get(@Res({ passthrough: true }) res: Response): Promise<SystemHealth> {
    const health = await this.health.check();
    res.status(health.status === 'up' ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return health;
  }
}
