import type { TlsTrust } from '@pve-nexus/contracts';

export interface PinRow {
  node: string;
  fingerprint: string;
  acceptedAt: Date;
}

/** A stored server with its pins; the credential stays a reference. */
export interface ServerRow {
  id: string;
  tenantId: string;
  name: string;
  host: string;
  port: number;
  tlsTrust: TlsTrust;
  connectTimeoutMs: number;
  learnedTimeoutMs: number | null;
  useTailscale: boolean;
  tailscaleHostname: string | null;
  tailscalePort: number;
  credentialId: string;
  lastHealthStatus: string | null;
  lastHealthAt: Date | null;
  lastTailnetPath: string | null;
  lastTailnetRelay: string | null;
  createdAt: Date;
  updatedAt: Date;
  pins: PinRow[];
}

/** The fields a create or an import writes (the token already sealed). */
export interface NewServer {
  id: string;
  credentialId: string;
  name: string;
  host: string;
  port: number;
  tlsTrust: TlsTrust;
  connectTimeoutMs: number;
  useTailscale: boolean;
  tailscaleHostname: string | null;
  tailscalePort: number;
  sealedToken: { keyId: string; ciphertext: Buffer };
}
