import { LXC_ACTIONS, type BulkGuest, type BulkPowerAction } from '@pve-nexus/contracts';
import type { PveClusterResource } from '@pve-nexus/proxmox-client';

/** What a dry run decides for one guest. */
export type GuestPlan = { outcome: 'would-run' } | { outcome: 'skip' | 'invalid'; reason: string };

/** States in which an action has nothing to do (Proxmox would refuse it or do nothing). */
const NOTHING_TO_DO: Record<BulkPowerAction, Record<string, string>> = {
  start: { running: 'already running', paused: 'paused: resume it instead' },
  stop: { stopped: 'already stopped' },
  shutdown: { stopped: 'already stopped' },
  reboot: { stopped: 'not running' },
  reset: { stopped: 'not running' },
  suspend: { stopped: 'not running', paused: 'already paused' },
  resume: { stopped: 'not running', running: 'not paused' },
};

/**
 * Decides, from the server's current `/cluster/resources`, whether `action` would run on `guest`.
 * `resource` is the server's entry with the guest's vmid, if any.
 */
export function planGuest(action: BulkPowerAction, guest: BulkGuest, resource: PveClusterResource | undefined): GuestPlan {
  const label = guest.type === 'lxc' ? `CT ${guest.vmid}` : `VM ${guest.vmid}`;
  if (guest.type === 'lxc' && !LXC_ACTIONS.includes(action)) return { outcome: 'invalid', reason: `${action} is not an action for containers (lxc)` };
  if (!resource) return { outcome: 'invalid', reason: `${label} does not exist on this server` };
  if (resource.type !== guest.type) return { outcome: 'invalid', reason: `${guest.vmid} is a ${resource.type}, not a ${guest.type}` };
  if (resource.node !== guest.node) return { outcome: 'invalid', reason: `${label} is on node ${resource.node}, not ${guest.node}` };
  if (resource.template) return { outcome: 'invalid', reason: `${label} is a template` };
  const why = NOTHING_TO_DO[action][resource.status];
  return why ? { outcome: 'skip', reason: `${label} is ${why}` } : { outcome: 'would-run' };
}
