import type { z } from 'zod';
import type { AuthKeyView, CreateAuthKeyBody, TailnetDevice } from '@pve-nexus/contracts';
import type { Deadline } from './http/deadline.js';

/** A key creation request with its defaults applied (the output of {@link CreateAuthKeyBody}). */
export type AuthKeyRequest = z.output<typeof CreateAuthKeyBody>;

/** What {@link TailnetClient.tailnetInfo} reports. */
export interface TailnetInfo {
  /** Tailscale: the tailnet's MagicDNS domain (or the configured tailnet when it has no device); headscale: its base domain. */
  tailnet: string;
  deviceCount: number;
}

/** A new auth key: the secret, shown once, and its listing view. */
export interface CreatedAuthKey {
  key: string;
  view: AuthKeyView;
}

/** One control server's dialect of the same five operations. */
export interface TailnetBackend {
  tailnetInfo(deadline: Deadline): Promise<TailnetInfo>;
  listDevices(deadline: Deadline): Promise<TailnetDevice[]>;
  createAuthKey(body: AuthKeyRequest, deadline: Deadline): Promise<CreatedAuthKey>;
  listAuthKeys(deadline: Deadline): Promise<AuthKeyView[]>;
  revokeAuthKey(id: string, deadline: Deadline): Promise<void>;
}

/** The field of a key creation a control server's 400 is about, from its message. */
export function keyFieldOf(message: string): string {
  if (/tag/i.test(message)) return 'tags';
  if (/descr/i.test(message)) return 'description';
  if (/expir/i.test(message)) return 'expirySeconds';
  return 'tags';
}
