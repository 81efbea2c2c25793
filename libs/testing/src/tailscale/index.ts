// Names carry "Tailscale" so that `export *` from libs/testing's index never collides with the
// Proxmox simulator's or the headscale harness's.
export { startTailscaleApi, type TailscaleApi, type TailscaleApiOptions, type LoggedTailscaleRequest } from './tailscale-server.js';
export type { SimDeviceInit as TailscaleSimDeviceInit, SimDevice as TailscaleSimDevice } from './tailscale-devices.js';
export type { SimDeviceChanges as TailscaleSimDeviceChanges } from './tailscale-tailnet.js';
export type { SimAuthKey as TailscaleSimAuthKey } from './tailscale-keys.js';
export type { SimOAuthClient as TailscaleSimOAuthClient, AuthKind as TailscaleAuthKind, CredentialKind as TailscaleCredentialKind } from './tailscale-credentials.js';
export type { RateLimitRule as TailscaleRateLimitRule, InjectedAnswer as TailscaleInjectedAnswer } from './tailscale-faults.js';
