import { SimCredentials } from './tailscale-credentials.js';
import { createSimDevice, type SimDevice, type SimDeviceInit } from './tailscale-devices.js';
import type { SimAuthKey } from './tailscale-keys.js';
import { controlId } from './tailscale-ids.util.js';

/** Changes a test may make to a device (see TailscaleApi.updateDevice). */
export type SimDeviceChanges = Partial<Pick<SimDevice, 'hostname' | 'name' | 'os' | 'user' | 'tags' | 'authorized' | 'keyExpiryDisabled' | 'clientVersion' | 'updateAvailable' | 'isEphemeral' | 'enabledRoutes' | 'advertisedRoutes' | 'expires'>>;

/** The state of the simulated tailnet: its names, devices, auth keys and credentials. */
export class SimTailnet {
  readonly id = controlId('T');
  readonly devices = new Map<string, SimDevice>();
  readonly keys = new Map<string, SimAuthKey>();
  readonly credentials: SimCredentials;
  /** Whether key listings give whole keys (today's API) or only ids (older versions). */
  keyListing: 'full' | 'ids' = 'full';
  private created = 0;

  constructor(
    /** The tailnet's legacy name (`example.com`), accepted in paths like `-` and its id. */
    readonly name: string,
    readonly magicDnsSuffix: string,
    readonly user: string,
    readonly policyTags: readonly string[],
    accessTokenTtlSeconds: number,
  ) {
    this.credentials = new SimCredentials(accessTokenTtlSeconds);
  }

  /** Whether a `{tailnet}` path parameter names this tailnet. */
  matches(tailnet: string): boolean {
    return tailnet === '-' || tailnet === this.name || tailnet === this.id;
  }

  addDevice(init: SimDeviceInit): SimDevice {
    this.created += 1;
    const device = createSimDevice(init, this.created, this.magicDnsSuffix, this.user);
    this.devices.set(device.nodeId, device);
    return device;
  }

  /** A device by `nodeId` or legacy numeric `id`, as `/device/{deviceId}` accepts either. */
  device(deviceId: string): SimDevice | undefined {
    return this.devices.get(deviceId) ?? [...this.devices.values()].find((device) => device.id === deviceId);
  }

  updateDevice(deviceId: string, changes: SimDeviceChanges): SimDevice {
    const device = this.require(deviceId);
    Object.assign(device, changes);
    if (changes.hostname !== undefined && changes.name === undefined && !device.isExternal) device.name = `${changes.hostname}.${this.magicDnsSuffix}`;
    return device;
  }

  /** Connects or disconnects a device: going offline stamps `lastSeen`, as the control server does. */
  setOnline(deviceId: string, online: boolean): SimDevice {
    const device = this.require(deviceId);
    if (device.connectedToControl && !online) device.lastSeen = new Date().toISOString();
    device.connectedToControl = online;
    return device;
  }

  removeDevice(deviceId: string): void {
    this.devices.delete(this.require(deviceId).nodeId);
  }

  private require(deviceId: string): SimDevice {
    const device = this.device(deviceId);
    if (!device) throw new Error(`tailscale simulator: no device ${deviceId}`);
    return device;
  }
}
