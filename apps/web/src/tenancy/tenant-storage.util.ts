// The tenant chosen last in this tab, for pages whose URL names no tenant. sessionStorage rather than
// localStorage: two tabs may work in two tenants, and nothing outlives the browser session.
const KEY = 'pve-nexus.tenant';

export function rememberedTenant(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled
  }
}

export function rememberTenant(slug: string): void {
  try {
    sessionStorage.setItem(KEY, slug);
  } catch {
    // storage disabled: the URL still carries the tenant
  }
}
