import { Injectable } from '@nestjs/common';
import { authorize } from '@pve-nexus/authz';
import { ConsoleCloseCode, type ConsoleSessionView, type RequestMeta } from '@pve-nexus/contracts';
import { actorId } from '../relay/acting-as.util.js';
import { ConsoleSessions } from '../relay/console-sessions.service.js';
import { SessionRegistry } from '../relay/session-registry.repository.js';
import { EndRequests } from './end-requests.repository.js';

/** How long an end request waits to see the session leave the registry. */
const END_WAIT_MS = 3_000;
const END_POLL_MS = 50;

/**
 * Live sessions for administrators, answered by whichever replica the bus picked, from the shared
 * registry: listing them, and ending one wherever it runs.
 */
@Injectable()
export class SessionsAdmin {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly sessions: ConsoleSessions,
    private readonly endRequests: EndRequests,
  ) {}

  /** The request's tenant's sessions; without a tenant (global admins), every tenant's. */
  async list(meta: RequestMeta): Promise<{ sessions: ConsoleSessionView[] }> {
    authorizeScope(meta);
    return { sessions: await this.registry.list(meta.tenantId) };
  }

  /** Ends a live session with ENDED_BY_ADMIN on the replica serving it; `ended` once it left the registry. */
  async end(sessionId: string, meta: RequestMeta): Promise<{ ended: boolean }> {
    authorizeScope(meta);
    const view = await this.registry.find(sessionId);
    if (!view || (meta.tenantId && view.tenantId !== meta.tenantId)) return { ended: false };
    const endedBy = actorId(meta.actor);
    if (!this.sessions.end(sessionId, ConsoleCloseCode.ENDED_BY_ADMIN, 'ended by an administrator', endedBy)) await this.endRequests.publish({ sessionId, endedBy });
    return { ended: await this.left(sessionId) };
  }

  private async left(sessionId: string): Promise<boolean> {
    const deadline = Date.now() + END_WAIT_MS;
    while (Date.now() < deadline) {
      if (!(await this.registry.find(sessionId))) return true;
      await new Promise((resolve) => setTimeout(resolve, END_POLL_MS));
    }
    return false;
  }
}

/** The request's tenant (its admins, global admins), or without one every tenant (global admins only). */
function authorizeScope(meta: RequestMeta): void {
  if (meta.tenantId) authorize(meta.actor, 'console.sessions.manage', { tenantId: meta.tenantId });
  else authorize(meta.actor, 'console.sessions.manage.global');
}
