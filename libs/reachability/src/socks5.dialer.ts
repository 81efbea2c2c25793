import type { Socket } from 'node:net';
import { DialError } from './dial-error.js';

const VERSION = 0x05;
const NO_AUTH = 0x00;
const USER_PASS = 0x02;
const CONNECT = 0x01;
const ATYP_DOMAIN = 0x03;

const REPLY_REASONS: Record<number, { reason: DialError['reason']; text: string }> = {
  // tailscaled's answer to a name that is not on the tailnet, or a peer it cannot reach.
  0x01: { reason: 'proxy', text: 'general SOCKS server failure (for a tailscaled: the name is not on the tailnet or the peer cannot be reached)' },
  0x02: { reason: 'proxy', text: 'connection not allowed by ruleset' },
  0x03: { reason: 'unreachable', text: 'network unreachable' },
  0x04: { reason: 'unreachable', text: 'host unreachable (or the name does not resolve on the tailnet)' },
  0x05: { reason: 'refused', text: 'connection refused' },
  0x06: { reason: 'timeout', text: 'TTL expired' },
  0x07: { reason: 'proxy', text: 'command not supported' },
  0x08: { reason: 'proxy', text: 'address type not supported' },
};

/**
 * Asks a SOCKS5 proxy (RFC 1928, with RFC 1929 user/password when given) to CONNECT to host:port on
 * an already-connected socket. The name goes to the proxy unresolved: tailscaled resolves MagicDNS.
 */
export async function socks5Connect(
  socket: Socket,
  target: { host: string; port: number },
  auth?: { username: string; password: string },
): Promise<void> {
  const reader = new SocketReader(socket);
  try {
    socket.write(Buffer.from(auth ? [VERSION, 2, NO_AUTH, USER_PASS] : [VERSION, 1, NO_AUTH]));
    const [version, method] = await reader.read(2);
    if (version !== VERSION) throw new DialError('proxy', 'not a SOCKS5 proxy');
    if (method === USER_PASS && auth) {
      const user = Buffer.from(auth.username);
      const pass = Buffer.from(auth.password);
      socket.write(Buffer.concat([Buffer.from([0x01, user.length]), user, Buffer.from([pass.length]), pass]));
      const [, status] = await reader.read(2);
      if (status !== 0x00) throw new DialError('proxy', 'SOCKS5 proxy refused the credentials');
    } else if (method !== NO_AUTH) {
      throw new DialError('proxy', 'SOCKS5 proxy requires an authentication method we do not offer');
    }
    const host = Buffer.from(target.host);
    if (host.length > 255) throw new DialError('proxy', 'host name too long for SOCKS5');
    const port = Buffer.alloc(2);
    port.writeUInt16BE(target.port);
    socket.write(Buffer.concat([Buffer.from([VERSION, CONNECT, 0x00, ATYP_DOMAIN, host.length]), host, port]));
    const [, reply, , addressType] = await reader.read(4);
    if (reply !== 0x00) {
      const known = REPLY_REASONS[reply ?? -1] ?? { reason: 'proxy' as const, text: `reply ${reply}` };
      throw new DialError(known.reason, `via SOCKS5 to ${target.host}:${target.port}: ${known.text}`);
    }
    // Skip the bound address the proxy reports; the stream is ready after it.
    const addressLength = addressType === 0x01 ? 4 : addressType === 0x04 ? 16 : (await reader.read(1))[0] ?? 0;
    await reader.read(addressLength + 2);
  } finally {
    reader.release();
  }
}

/** Reads exact byte counts from a socket during the handshake, then hands the socket back untouched. */
class SocketReader {
  private buffered = Buffer.alloc(0);
  private waiting: { size: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void } | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.flush();
  };
  // `close` too: a socket destroyed by the dial deadline never emits `end`.
  private readonly onEnd = () => this.waiting?.reject(new DialError('proxy', 'SOCKS5 proxy closed the connection'));

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
  }

  read(size: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = { size, resolve, reject };
      this.flush();
    });
  }

  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
  }

  private flush(): void {
    if (!this.waiting || this.buffered.length < this.waiting.size) return;
    const { size, resolve } = this.waiting;
    this.waiting = undefined;
    const bytes = this.buffered.subarray(0, size);
    this.buffered = this.buffered.subarray(size);
    resolve(bytes);
  }
}
