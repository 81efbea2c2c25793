import type { ReactNode } from 'react';
import type { TenantRole } from '@pve-nexus/contracts';
import { ROLE_LABELS } from '../tenancy/permissions';

export type BadgeTone = 'neutral' | 'ok' | 'bad' | 'warn' | 'accent' | 'info';

export function Badge({ tone = 'neutral', children, testId, title }: { tone?: BadgeTone; children: ReactNode; testId?: string; title?: string }) {
  return (
    <span className={`pill pill--${tone}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

const ROLE_TONES: Record<TenantRole, BadgeTone> = { viewer: 'neutral', manager: 'info', admin: 'accent' };

export function RoleBadge({ role, testId }: { role: TenantRole; testId?: string }) {
  return (
    <Badge tone={ROLE_TONES[role]} testId={testId}>
      {ROLE_LABELS[role]}
    </Badge>
  );
}
