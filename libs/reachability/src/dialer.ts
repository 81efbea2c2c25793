import { lookup, Resolver } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import { egressDenial, type EffectiveEndpoint, type EgressPolicy } from '@pve-nexus/contracts';
import { DialError } from './dial-error.js';
import { socks5Connect } from './socks5.dialer.js';
import type { TailnetAccess } from './tailnet-access.js';

export interface DialOptions {
  /** Budget for resolving, connecting and any proxy handshake; the connection itself then lives on. */
  timeoutMs: number;
  /** The installation's egress policy: checked on the endpoint as given and on every address a name resolves to. */
  egress?: EgressPolicy;
}

/**
 * Opens a TCP connection to an effective endpoint: public endpoints directly; tailnet endpoints the
 * way the deployment reaches its tailnet (direct, optionally resolving through MagicDNS, or SOCKS5).
 */
export async function dial(endpoint: EffectiveEndpoint, access: TailnetAccess, options: DialOptions): Promise<Socket> {
  const where = `${endpoint.host}:${endpoint.port}`;
  let socket: Socket | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    socket?.destroy();
  }, options.timeoutMs);
  const track = (opened: Socket) => {
    socket = opened;
    if (timedOut) opened.destroy();
    return opened;
  };
  try {
    refuseDenied(options.egress, endpoint.host, endpoint.port, where);
    if (endpoint.via === 'tailnet' && access.mode === 'socks5') {
      const proxyName = `SOCKS5 proxy ${access.proxy.host}:${access.proxy.port}`;
      const proxied = await openSocket(access.proxy.host, access.proxy.port, proxyName, track).catch((error: unknown) => {
        const dialError = DialError.from(error, proxyName);
        throw new DialError(dialError.reason === 'timeout' ? 'timeout' : 'proxy', dialError.message);
      });
      const auth = access.proxy.username ? { username: access.proxy.username, password: access.proxy.password ?? '' } : undefined;
      await socks5Connect(proxied, endpoint, auth);
      return proxied;
    }
    const dnsServer = endpoint.via === 'tailnet' && access.mode === 'direct' ? access.dnsServer : undefined;
    const address = isIP(endpoint.host) ? endpoint.host : dnsServer ? await resolveWith(dnsServer, endpoint.host) : options.egress ? await resolveAllowed(endpoint.host, endpoint.port, options.egress, where) : endpoint.host;
    // The name's addresses, not only the name: a DNS record may point at a denied address.
    refuseDenied(options.egress, address, endpoint.port, where);
    return await openSocket(address, endpoint.port, where, track);
  } catch (error) {
    socket?.destroy();
    if (timedOut) throw new DialError('timeout', `${where}: no connection within ${options.timeoutMs} ms`);
    throw DialError.from(error, where);
  } finally {
    clearTimeout(timer);
  }
}

function refuseDenied(egress: EgressPolicy | undefined, host: string, port: number, where: string): void {
  const denial = egress ? egressDenial(egress, host, port) : null;
  if (denial) throw new DialError('unreachable', `${where}: not allowed by this installation's egress policy (${denial})`);
}

/** The system resolver's first address, after refusing the name if any of its addresses is denied. */
async function resolveAllowed(name: string, port: number, egress: EgressPolicy, where: string): Promise<string> {
  const addresses = await lookup(name, { all: true }).catch((error: unknown) => {
    throw DialError.from(error, where);
  });
  for (const { address } of addresses) refuseDenied(egress, address, port, where);
  const [first] = addresses;
  if (!first) throw new DialError('dns', `${where}: name does not resolve`);
  return first.address;
}

async function resolveWith(server: string, name: string): Promise<string> {
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([server]);
  try {
    const [address] = await resolver.resolve4(name).catch(async () => resolver.resolve6(name));
    if (!address) throw new Error('no address');
    return address;
  } catch (error) {
    throw new DialError('dns', `${name} does not resolve on the tailnet (${(error as { code?: string }).code ?? 'no answer'})`);
  }
}

function openSocket(host: string, port: number, where: string, track: (socket: Socket) => Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = track(connect({ host, port }));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      resolve(socket);
    });
    socket.once('error', (error) => reject(DialError.from(error, where)));
    socket.once('close', () => reject(new DialError('timeout', `${where}: closed before connecting`)));
  });
}
