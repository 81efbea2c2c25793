import type { CheckResult, HealthStatus, ServerStatusData } from '@pve-nexus/contracts';

/**
 * The `server.status` event a recorded check calls for, if any: when the check's outcome (it answered
 * or not) differs from the status inventory held before recording it, or when there was none yet.
 * Degraded and offline are both `error`: the event says whether the server answers, not how many
 * checks in a row failed, so a second failure publishes nothing.
 *
 * Compared with the status inventory replaced, not with what this replica saw last: inventory records
 * a server's checks one at a time (row lock) and answers the status each one replaced, so every change
 * is seen by exactly one record whichever replica made it, and the first check after a restart is
 * compared with what was stored before the restart.
 *
 * @param failure why the check failed, as the Proxmox client said it (no secret in it); ignored when ok.
 */
export function statusChange(previous: HealthStatus | null, check: CheckResult, failure: string | undefined): ServerStatusData | undefined {
  const wasOk = previous === null ? undefined : previous === 'online';
  if (wasOk === check.ok) return undefined;
  if (check.ok) return { serverId: check.serverId, status: 'ok' };
  const error = check.errorClass === null ? {} : { error: { reason: check.errorClass, message: failure ?? check.errorClass } };
  return { serverId: check.serverId, status: 'error', ...error };
}
