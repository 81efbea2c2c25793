import type { ConnectionFailure } from '@pve-nexus/contracts';

/** A connection that could not be made, with the precise reason a person can act on. */
export class DialError extends Error {
  constructor(
    readonly reason: Extract<ConnectionFailure, 'dns' | 'refused' | 'unreachable' | 'timeout' | 'proxy'>,
    message: string,
  ) {
    super(message);
    this.name = 'DialError';
  }

  /** Classifies a socket error by its code (name resolution errors are classified where they happen). */
  static from(error: unknown, where: string): DialError {
    if (error instanceof DialError) return error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DialError('dns', `${where}: name does not resolve (${code})`);
    if (code === 'ECONNREFUSED') return new DialError('refused', `${where}: connection refused`);
    if (['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) return new DialError('unreachable', `${where}: no route (${code})`);
    if (code === 'ETIMEDOUT' || code === 'ABORT_ERR') return new DialError('timeout', `${where}: timed out`);
    return new DialError('unreachable', `${where}: ${code || (error as Error).message}`);
  }
}
