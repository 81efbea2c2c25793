import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { startMagicDns, startSocks5Proxy, type MagicDns, type Socks5Proxy } from '@pve-nexus/testing';
import { dial, guardedLookup } from './dialer.js';
import { DialError } from './dial-error.js';
import type { TailnetAccess } from './tailnet-access.js';

/** A TCP service that greets with its own address, so a test sees where it really landed. */
async function greeter(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end(`hello from ${host}`));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
  });
}


/** The policy's default rules, each test overriding what it checks. */
const rules = { denyLinkLocal: true, deniedLoopbackPorts: [] as number[], deniedRanges: [] as string[], allowedRanges: [] as string[] };
describe('dial', () => {
  let dns: MagicDns;
  let proxy: Socks5Proxy;
  let tailnetHost: { server: Server; port: number };
  let publicHost: { server: Server; port: number };

  beforeAll(async () => {
    tailnetHost = await greeter('127.0.0.21');
    publicHost = await greeter('127.0.0.22');
    dns = await startMagicDns({ 'pve1.tail1234.ts.net': '127.0.0.21' });
    proxy = await startSocks5Proxy(dns);
  });

  afterAll(async () => {
    await proxy.close();
    await dns.close();
    tailnetHost.server.close();
    publicHost.server.close();
  });

  const tailnet = () => ({ host: 'pve1.tail1234.ts.net', port: tailnetHost.port, via: 'tailnet' as const });

  it('reaches a public endpoint directly, never through the proxy', async () => {
    const socks: TailnetAccess = { mode: 'socks5', proxy: { host: proxy.host, port: proxy.port } };
    const before = proxy.connections.length;
    const socket = await dial({ host: '127.0.0.22', port: publicHost.port, via: 'public' }, socks, { timeoutMs: 2_000 });
    expect(await readAll(socket)).toBe('hello from 127.0.0.22');
    expect(proxy.connections.length).toBe(before);
  });

  it('reaches a tailnet name through SOCKS5, which resolves it (MagicDNS)', async () => {
    const socket = await dial(tailnet(), { mode: 'socks5', proxy: { host: proxy.host, port: proxy.port } }, { timeoutMs: 2_000 });
    expect(await readAll(socket)).toBe('hello from 127.0.0.21');
    expect(proxy.connections).toContain(`pve1.tail1234.ts.net:${tailnetHost.port}`);
  });

  it('reaches a tailnet name directly when resolving through MagicDNS', async () => {
    const socket = await dial(tailnet(), { mode: 'direct', dnsServer: dns.server }, { timeoutMs: 2_000 });
    expect(await readAll(socket)).toBe('hello from 127.0.0.21');
  });

  it('says precisely why a connection failed', async () => {
    const reason = (promise: Promise<unknown>) => promise.then(() => 'connected', (error: DialError) => error.reason);
    const socks: TailnetAccess = { mode: 'socks5', proxy: { host: proxy.host, port: proxy.port } };
    expect(await reason(dial({ ...tailnet(), host: 'ghost.tail1234.ts.net' }, { mode: 'direct', dnsServer: dns.server }, { timeoutMs: 3_000 }))).toBe('dns');
    expect(await reason(dial({ ...tailnet(), host: 'ghost.tail1234.ts.net' }, socks, { timeoutMs: 2_000 }))).toBe('unreachable');
    expect(await reason(dial({ host: '127.0.0.23', port: publicHost.port, via: 'public' }, socks, { timeoutMs: 2_000 }))).toBe('refused');
    expect(await reason(dial({ ...tailnet(), port: 1 }, socks, { timeoutMs: 2_000 }))).toBe('refused');
    expect(await reason(dial(tailnet(), { mode: 'socks5', proxy: { host: '127.0.0.1', port: 1 } }, { timeoutMs: 2_000 }))).toBe('proxy');
    proxy.hang = true;
    try {
      expect(await reason(dial(tailnet(), socks, { timeoutMs: 300 }))).toBe('timeout');
    } finally {
      proxy.hang = false;
    }
  });

  it('refuses a name that resolves into a denied range', async () => {
    const direct: TailnetAccess = { mode: 'direct', dnsServer: dns.server };
    const denied = dial(tailnet(), direct, { timeoutMs: 2_000, egress: { ...rules, deniedLoopbackPorts: [], deniedRanges: ['127.0.0.21/32'] } });
    await expect(denied).rejects.toMatchObject({ reason: 'unreachable', message: expect.stringMatching(/127\.0\.0\.21\/32/) });
  });

  it('refuses what the egress policy denies, also when a name resolves to it', async () => {
    const egress = { ...rules, deniedLoopbackPorts: [tailnetHost.port, publicHost.port] };
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'connected', (error: DialError) => `${error.reason}: ${error.message}`);
    const direct: TailnetAccess = { mode: 'direct', dnsServer: dns.server };
    expect(await refusal(dial({ host: '127.0.0.22', port: publicHost.port, via: 'public' }, direct, { timeoutMs: 2_000, egress }))).toMatch(/^unreachable: .*egress policy/);
    expect(await refusal(dial({ host: 'localhost', port: publicHost.port, via: 'public' }, direct, { timeoutMs: 2_000, egress }))).toMatch(/egress policy/);
    // MagicDNS answers 127.0.0.21 for the name: the address is checked, not only the name.
    expect(await refusal(dial(tailnet(), direct, { timeoutMs: 2_000, egress }))).toMatch(/egress policy/);
    // Other ports on loopback stay allowed.
    const allowed = await dial(tailnet(), direct, { timeoutMs: 2_000, egress: { ...rules, deniedLoopbackPorts: [5432] } });
    expect(await readAll(allowed)).toBe('hello from 127.0.0.21');
  });

  it('refuses a name the system resolver maps to a denied address, in both answer forms', async () => {
    const lookupWith = guardedLookup({ ...rules, deniedLoopbackPorts: [5432] }, 5432, 'localhost:5432');
    const outcome = (all: boolean) => new Promise<string>((resolve) => lookupWith('localhost', { all }, (error, address) => resolve(error ? error.message : JSON.stringify(address))));
    expect(await outcome(false)).toMatch(/egress policy/);
    expect(await outcome(true)).toMatch(/egress policy/);
    const open = guardedLookup({ ...rules, deniedLoopbackPorts: [] }, 5432, 'localhost:5432');
    const address = await new Promise<string>((resolve) => open('localhost', {}, (_error, found) => resolve(String(found))));
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});
