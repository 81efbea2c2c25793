import { NexusError, type ConnectionFailure } from '@pve-nexus/contracts';

/** A Proxmox call that failed, with the reason a person can act on. */
export class ProxmoxError extends Error {
  constructor(
    readonly reason: ConnectionFailure,
    message: string,
    /** The fingerprint the server presented, when TLS got that far. */
    readonly presentedFingerprint: string | null = null,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProxmoxError';
  }

  /** The bus error for callers that do not show the reason themselves. */
  toNexusError(): NexusError {
    switch (this.reason) {
      case 'unauthorized':
      case 'forbidden':
        return new NexusError('UPSTREAM_AUTH', this.message);
      case 'timeout':
        return new NexusError('TIMEOUT', this.message);
      case 'protocol':
      case 'http-error':
      case 'dns':
      case 'refused':
      case 'unreachable':
      case 'tls-pin-mismatch':
        return new NexusError('UNTRUSTED_ENDPOINT', this.message);
      case 'tls':
      case 'proxy':
        return new NexusError('UPSTREAM_UNREACHABLE', this.message);
    }
  }
}
