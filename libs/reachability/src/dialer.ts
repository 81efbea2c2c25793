import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
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
    const address = dnsServer && !isIP(endpoint.host) ? await resolveWith(dnsServer, endpoint.host) : endpoint.host;
    // The name's addresses, not only the name: a DNS record may point at a denied address.
    refuseDenied(options.egress, address, endpoint.port, where);
    return await openSocket(address, endpoint.port, where, track, options.egress ? guardedLookup(options.egress, endpoint.port, where) : undefined);
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

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The system resolver, for `net.connect`, refusing a name if any address it resolves to is denied
 * (both of its answer forms: one address, or all of them for happy eyeballs).
 */
export function guardedLookup(egress: EgressPolicy, port: number, where: string) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      try {
        for (const { address } of addresses) refuseDenied(egress, address, port, where);
      } catch (denied) {
        return callback(denied as DialError, '');
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
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

function openSocket(host: string, port: number, where: string, track: (socket: Socket) => Socket, lookupWith?: ReturnType<typeof guardedLookup>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = track(connect({ host, port, ...(lookupWith ? { lookup: lookupWith } : {}) }));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      resolve(socket);
    });
    socket.once('error', (error) => reject(DialError.from(error, where)));
    socket.once('close', () => reject(new DialError('timeout', `${where}: closed before connecting`)));
  });
}
