import { Controller, Get, Headers, Logger, Query, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { NexusError, type Principal, type RequestMeta } from '@pve-nexus/contracts';
import { EventSubscriber, requireTenant, type EventSubscription } from '@pve-nexus/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { StreamAccess } from './stream-access.service.js';

/** A comment line every 15 s keeps proxies from closing an idle stream and reveals a gone client. */
const HEARTBEAT_MS = 15_000;
const StreamSequence = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Live updates of a tenant as Server-Sent Events: each domain event is written as
 * `id: <stream sequence>`, `event: <kind>`, `data: <json envelope>`. A client that reconnects with
 * `Last-Event-ID` (or `?lastEventId=` where it cannot set headers) gets every event after that
 * sequence that is still in the stream (24 h), so nothing is lost; without one, only new events.
 *
 * Tenant isolation is the consumer's subject filter (`events.<tenantId>.>`). Every role that may
 * read the fleet (`vm.read`, so viewers too) sees the same kinds in this first cut; a kind that must
 * be hidden from some roles needs a filter here.
 *
 * A reader who loses access (removed from the tenant, signed out, deactivated, or the tenant
 * deactivated) gets a last `event: access-revoked` and the stream ends: see {@link StreamAccess}.
 *
 * On shutdown every open stream is ended first: the HTTP server cannot close while one is open, and
 * its clients reconnect (to another replica, or to this one restarted) from their `Last-Event-ID`.
 */
@Controller('api/v1/tenants/:tenantId')
export class EventsController implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventsController.name);
  private readonly open = new Set<EventSubscription>();

  constructor(
    private readonly events: EventSubscriber,
    private readonly access: StreamAccess,
  ) {}

  @Get('events')
  @Authorize('vm.read')
  async stream(
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Meta() meta: RequestMeta,
    @CurrentPrincipal() principal: Principal | null,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const tenantId = requireTenant(meta);
    const afterSequence = lastEventId(lastEventIdHeader ?? lastEventIdQuery);
    let subscription: EventSubscription;
    try {
      subscription = await this.events.subscribe(tenantId, afterSequence === undefined ? {} : { afterSequence });
    } catch (error) {
      this.logger.warn(`event stream for tenant ${tenantId} unavailable: ${(error as Error).message}`);
      throw new NexusError('UNAVAILABLE', 'Live updates are unavailable');
    }
    if (req.destroyed) {
      await subscription.close();
      return;
    }
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies would buffer the stream otherwise.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    this.open.add(subscription);
    // The first bytes tell the client the consumer exists: anything published from now on arrives.
    res.write(': connected\n\n');
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // The guard let only a signed-in reader this far; the principal is who to watch.
    const unwatch = principal
      ? this.access.watch({
          principal,
          tenantId,
          authorization,
          end: (reason) => {
            if (!res.destroyed) res.write(`event: access-revoked\ndata: ${JSON.stringify({ reason })}\n\n`);
            void subscription.close().catch(() => undefined);
          },
        })
      : () => undefined;
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    void closed.then(async () => {
      clearInterval(heartbeat);
      await subscription.close().catch(() => undefined);
    });
    try {
      for await (const { sequence, event } of subscription) {
        if (res.destroyed) break;
        res.write(`id: ${sequence}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
      }
    } catch (error) {
      this.logger.warn(`event stream for tenant ${tenantId} ended: ${(error as Error).message}`);
    } finally {
      unwatch();
      this.open.delete(subscription);
      clearInterval(heartbeat);
      await subscription.close().catch(() => undefined);
      if (!res.writableEnded) res.end();
    }
  }

  /** Ends each stream the way a client leaving does: the consumer stops, the response ends. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close().catch(() => undefined)));
  }
}

function lastEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parsed = StreamSequence.safeParse(raw);
  if (!parsed.success) throw new NexusError('VALIDATION', 'Invalid Last-Event-ID', [{ path: 'headers.last-event-id', message: 'must be a stream sequence (a non-negative integer)' }]);
  return parsed.data;
}
