'use client';

import { useSignedIn } from '../session/session-provider';
import { roleLabel } from './permissions';
import { useTenants } from './tenant-provider';

/** Which tenant the console works in, and the user's role there. */
export function TenantSwitcher() {
  const { user } = useSignedIn();
  const { tenants, current, loading, select } = useTenants();
  const role = roleLabel(user, current);

  if (loading) return <div className="tenant-switcher tenant-switcher--loading" aria-busy="true" />;
  if (tenants.length === 0) {
    return (
      <div className="tenant-switcher" data-testid="tenant-switcher">
        <span className="tenant-switcher__none">No tenant</span>
      </div>
    );
  }
  return (
    <div className="tenant-switcher" data-testid="tenant-switcher">
      <label className="tenant-switcher__label" htmlFor="tenant-select">
        Tenant
      </label>
      <select
        id="tenant-select"
        className="tenant-switcher__select"
        value={current?.slug ?? ''}
        onChange={(event) => select(event.target.value)}
        data-testid="tenant-select"
      >
        {!current && <option value="">Choose a tenant…</option>}
        {tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.slug}>
            {tenant.name}
            {tenant.active ? '' : ' (inactive)'}
          </option>
        ))}
      </select>
      {role && (
        <span className="tenant-switcher__role" data-testid="tenant-role" title={`Your role in ${current?.name ?? 'this tenant'}`}>
          {role}
        </span>
      )}
    </div>
  );
}
