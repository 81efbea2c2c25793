import { createServer, type Server, type TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';
import { issueClusterCa, issueNodeCertificate, keyPool } from '../proxmox/certificates.js';

/**
 * A host an attacker controls: a TLS listener on loopback with a certificate of its own that records
 * every byte sent to it (after decryption) and answers each request 401, as Proxmox would without a
 * valid token. Tests point a server at it and check which secrets it received.
 */
export interface CredentialTrap {
  host: string;
  port: number;
  /** Everything received so far, as text. */
  received(): string;
  close(): Promise<void>;
}

/** `proxmox`: answers `401 No ticket` like Proxmox; `other`: like some other HTTPS service (404). */
export async function startCredentialTrap(host = '127.0.0.1', answers: 'proxmox' | 'other' = 'proxmox'): Promise<CredentialTrap> {
  const answer = answers === 'proxmox' ? 'HTTP/1.1 401 No ticket\r\ncontent-length: 0\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n';
  const [caKey, nodeKey] = await keyPool();
  const ca = issueClusterCa(caKey!, randomUUID());
  const cert = issueNodeCertificate(ca, nodeKey!, { name: 'trap', fqdn: 'trap.invalid', ip: host });
  const chunks: Buffer[] = [];
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({ key: cert.key.pem, cert: cert.certPem }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer per request head received; the body of a refusal does not matter.
      if (chunk.includes('\r\n\r\n')) socket.write(answer);
    });
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('credential trap: no port');
  return {
    host,
    port: address.port,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
