import { NexusError } from '@pve-nexus/contracts';
import { ProxmoxError } from '@pve-nexus/proxmox-client';

/**
 * Turns a failed Proxmox call into the bus error a person can act on. Proxmox refuses many requests
 * with a status whose text is the reason (`500 VM 100 not running`, `500 CT 100 already running`,
 * `400 Parameter verification failed.`): that text is kept, verbatim, in the message.
 */
export function proxmoxRefusal(error: unknown): unknown {
  if (!(error instanceof ProxmoxError)) return error;
  if (error.reason !== 'http-error' || error.status === undefined) return error.toNexusError();
  const said = /: HTTP \d+ (.*)$/s.exec(error.message)?.[1]?.trim() || `HTTP ${error.status}`;
  if (error.status === 400) return new NexusError('VALIDATION', `Proxmox refused the request: ${said}`);
  // Proxmox's proxy could not reach the node the guest is on.
  if (error.status === 595 || error.status === 596) return new NexusError('UPSTREAM_UNREACHABLE', `Proxmox could not reach the node: ${said}`);
  if (error.status === 500) {
    if (/does not exist|no such|unable to find configuration file|unable to parse worker upid/i.test(said)) return new NexusError('NOT_FOUND', `Proxmox: ${said}`);
    // Every console port of the node (5900-5999) is taken: a passing condition, not a missing guest.
    if (/unable to find free port/i.test(said)) return new NexusError('UNAVAILABLE', `Proxmox: ${said}`);
    return new NexusError('CONFLICT', `Proxmox refused: ${said}`);
  }
  return error.toNexusError();
}
