import { NexusError, tenantRoleAtLeast, type Actor } from '@pve-nexus/contracts';
import { POLICY, type Action, type Rule } from './policy.js';

/** Who asks: an actor from the bus, or nobody (no credentials, or credentials that did not verify). */
export type Subject = Actor | { type: 'anonymous' };

export const ANONYMOUS: Subject = { type: 'anonymous' };

/** What the action is about; `tenantId` for tenant actions. */
export interface Target {
  tenantId?: string;
}

export type Decision =
  | { allowed: true }
  | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason: string };

const allow: Decision = { allowed: true };
const deny = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', reason: string): Decision => ({ allowed: false, code, reason });

/**
 * Decides one action for one subject on one target, from the policy table alone. Pure: the actor
 * already holds its global role and its role in the target tenant (resolved by the gateway).
 */
export function decide(subject: Subject, action: Action, target: Target = {}): Decision {
  const rule: Rule = POLICY[action];
  if (rule.audience === 'public') return allow;
  if (subject.type === 'anonymous') return deny('UNAUTHENTICATED', 'Sign in first');
  if (subject.type === 'system') return allow;
  if (rule.audience === 'system') return deny('FORBIDDEN', 'Only services may do this');

  if (subject.type === 'api-key') {
    if (!rule.apiKeys) return deny('FORBIDDEN', 'Not available to API keys');
    if (rule.audience === 'authenticated') return allow;
    if (rule.audience !== 'tenant' || !rule.minRole) return deny('FORBIDDEN', 'Not available to API keys');
    if (target.tenantId !== subject.tenantId) return deny('FORBIDDEN', 'API key belongs to another tenant');
    return tenantRoleAtLeast(subject.tenantRole, rule.minRole) ? allow : deny('FORBIDDEN', `Requires the ${rule.minRole} role`);
  }

  if (subject.mustChangePassword && !rule.whilePasswordChangeRequired) {
    return deny('FORBIDDEN', 'Change your one-time password first');
  }
  switch (rule.audience) {
    case 'authenticated':
      return allow;
    case 'global-admin':
      return subject.globalRole === 'admin' ? allow : deny('FORBIDDEN', 'Requires a global administrator');
    case 'tenant': {
      if (!target.tenantId) return deny('FORBIDDEN', 'No tenant given');
      if (subject.globalRole === 'admin') return allow;
      if (!subject.tenantRole) return deny('FORBIDDEN', 'Not a member of this tenant');
      return rule.minRole && tenantRoleAtLeast(subject.tenantRole, rule.minRole) ? allow : deny('FORBIDDEN', `Requires the ${rule.minRole} role`);
    }
  }
}

/** {@link decide}, throwing UNAUTHENTICATED or FORBIDDEN when denied. */
export function authorize(subject: Subject, action: Action, target: Target = {}): void {
  const decision = decide(subject, action, target);
  if (!decision.allowed) throw new NexusError(decision.code, decision.reason);
}
