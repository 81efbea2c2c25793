import { connect as tlsConnect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
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

const MAX_CONTEXTS = 256;
const contexts = new Map<string, SecureContext>();

/**
 * One TLS context per trusted CA bundle (the system's, or a server's own), shared by every
 * connection that trusts it. Why: `tls.connect` would otherwise build a context per connection,
 * parsing the whole CA store each time: most of the CPU and memory of opening a console.
 */
function contextFor(ca: string | undefined): SecureContext {
  const key = ca ?? '';
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext(ca ? { ca } : {});
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

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
      secureContext: contextFor(policy.mode === 'ca' ? policy.ca : undefined),
      ALPNProtocols: ['http/1.1'],
    });
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      // The X509Certificate's own fingerprint: no parse of the whole certificate into an object.
      const fingerprint = tls.getPeerX509Certificate()?.fingerprint256 ?? '';
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
