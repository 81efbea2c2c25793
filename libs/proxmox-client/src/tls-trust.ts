import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { ProxmoxError } from './proxmox.error.js';

/**
 * How the server's certificate is trusted:
 * - `ca`: the usual chain and host-name verification;
 * - `pinned`: the certificate's SHA-256 must be one of the accepted fingerprints;
 * - `probe`: anything is accepted and the fingerprint reported, for a connection test; when
 *   `refuseOtherThan` is given (pins exist), a different certificate is refused before any request,
 *   so the API token never reaches an impostor.
 */
export type TlsPolicy =
  | { mode: 'ca'; ca?: string }
  | { mode: 'pinned'; fingerprints: string[] }
  | { mode: 'probe'; refuseOtherThan?: string[] };

/**
 * Wraps a connected socket in TLS and applies the policy; resolves with the presented fingerprint.
 * The handshake shares the connect budget: a server that accepts TCP but never finishes TLS is a timeout.
 */
export function secure(
  socket: Socket,
  servername: string | undefined,
  policy: TlsPolicy,
  onFingerprint: (fingerprint: string) => void,
  handshakeTimeoutMs: number,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      tls.destroy();
      reject(new ProxmoxError('timeout', `TLS: no handshake within ${handshakeTimeoutMs} ms`));
    }, handshakeTimeoutMs);
    const tls = tlsConnect({
      socket,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: policy.mode === 'ca',
      ...(policy.mode === 'ca' && policy.ca ? { ca: policy.ca } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      const fingerprint = tls.getPeerCertificate().fingerprint256 ?? '';
      onFingerprint(fingerprint);
      const allowed = policy.mode === 'pinned' ? policy.fingerprints : policy.mode === 'probe' ? policy.refuseOtherThan : undefined;
      if (allowed && !allowed.includes(fingerprint)) {
        tls.destroy();
        const why = allowed.length === 0 ? 'no certificate is accepted yet: test the connection and accept its fingerprints' : 'certificate differs from the accepted fingerprint';
        reject(new ProxmoxError('tls-pin-mismatch', `TLS: ${why} (presented ${fingerprint})`, fingerprint));
        return;
      }
      tls.removeAllListeners('error');
      resolve(tls);
    });
    tls.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      tls.destroy();
      reject(new ProxmoxError('tls', `TLS: ${error.code ?? error.message}`));
    });
  });
}
