/** The discovery settings its services read (from the app's config). */
export interface DiscoveryOptions {
  tailscaleApiUrl: string;
  timeoutMs: number;
  cacheTtlMs: number;
  refreshMinIntervalMs: number;
  monitorIntervalMs: number;
  offlineAfterMs: number;
}

export const DISCOVERY_OPTIONS = Symbol('DISCOVERY_OPTIONS');
