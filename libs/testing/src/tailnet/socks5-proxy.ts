import { connect, createServer, type Server, type Socket } from 'node:net';
import type { MagicDns } from './magic-dns.js';

export interface Socks5Proxy {
  host: string;
  port: number;
  /** `socks5://host:port`, for TAILNET_SOCKS5_URL. */
  url: string;
  /** Destinations of the CONNECT requests it served, as `host:port`. */
  connections: string[];
  /** Accept connections but never answer the handshake (a stuck sidecar). */
  hang: boolean;
  close(): Promise<void>;
}

/**
 * A SOCKS5 proxy (RFC 1928, no authentication) that resolves names through MagicDNS before anything
 * else, like tailscaled's userspace-networking SOCKS5 server: tailnet names work through it, and only
 * through it. Unknown names get "host unreachable" (0x04), closed ports "connection refused" (0x05).
 * It connects to loopback addresses only: anything else is "host unreachable" too.
 */
export async function startSocks5Proxy(dns: MagicDns, host = '127.0.0.1', port = 0): Promise<Socks5Proxy> {
  const sockets = new Set<Socket>();
  const proxy = { connections: [] as string[], hang: false };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!proxy.hang) void handshake(client, dns, proxy.connections, sockets);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(proxy, {
    host,
    port: listening,
    url: `socks5://${host}:${listening}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

async function handshake(client: Socket, dns: MagicDns, log: string[], sockets: Set<Socket>): Promise<void> {
  const { read, detach } = reader(client);
  const [version, methods = 0] = await read(2);
  await read(methods);
  if (version !== 5) return void client.destroy();
  client.write(Buffer.from([5, 0]));
  const [, command, , addressType] = await read(4);
  let host: string;
  if (addressType === 0x03) host = (await read((await read(1))[0] ?? 0)).toString('ascii');
  else if (addressType === 0x01) host = [...(await read(4))].join('.');
  else return void client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
  const port = (await read(2)).readUInt16BE(0);
  if (command !== 1) return void client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
  // Only ever this machine: a name resolves through MagicDNS (whose records point at 127.x), and an
  // address literal is served only if it is loopback. Tests must never send traffic elsewhere.
  const resolved = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : dns.lookup(host);
  const address = resolved?.startsWith('127.') ? resolved : undefined;
  if (!address) return void client.end(Buffer.from([5, 4, 0, 1, 0, 0, 0, 0, 0, 0]));
  log.push(`${host}:${port}`);
  const upstream = connect({ host: address, port });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.once('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
  upstream.once('connect', () => {
    client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
    detach();
    client.pipe(upstream).pipe(client);
  });
}

/** Exact-size reads during the handshake; `detach` hands unread bytes back to the stream. */
function reader(socket: Socket): { read: (size: number) => Promise<Buffer>; detach: () => void } {
  let buffered = Buffer.alloc(0);
  let waiting: { size: number; resolve: (bytes: Buffer) => void } | undefined;
  const flush = () => {
    if (!waiting || buffered.length < waiting.size) return;
    const { size, resolve } = waiting;
    waiting = undefined;
    const bytes = buffered.subarray(0, size);
    buffered = buffered.subarray(size);
    resolve(bytes);
  };
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    flush();
  };
  socket.on('data', onData);
  return {
    read: (size) =>
      new Promise((resolve) => {
        waiting = { size, resolve };
        flush();
      }),
    detach: () => {
      socket.off('data', onData);
      if (buffered.length > 0) socket.unshift(buffered);
    },
  };
}
