import Link from 'next/link';
import type { TenantOption } from '../tenancy/permissions';
import { tenantHref } from '../tenancy/tenant-provider';

/** The two pages of the tailnet: its devices, and enrolling new ones. */
export function TailscaleTabs({ tenant, current }: { tenant: TenantOption; current: 'devices' | 'enroll' }) {
  return (
    <nav className="tabs" aria-label="Tailscale">
      <Link className="tabs__tab" href={tenantHref(tenant, 'tailscale')} aria-current={current === 'devices' ? 'page' : undefined}>
        Devices
      </Link>
      <Link className="tabs__tab" href={tenantHref(tenant, 'tailscale/enroll')} aria-current={current === 'enroll' ? 'page' : undefined}>
        Enrollment
      </Link>
    </nav>
  );
}
