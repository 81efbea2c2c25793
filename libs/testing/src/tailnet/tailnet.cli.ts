// The demo's simulated tailnet: a MagicDNS resolver and a SOCKS5 proxy that reaches tailnet names
// (like a tailscaled sidecar in userspace-networking mode). Prints one JSON line when ready:
// { "dnsServer": "127.0.0.1:port", "socks5Url": "socks5://127.0.0.1:port", "names": {...} }
//
//   --socks-port 1055 --name pve-lab.tailnet-demo.ts.net=127.0.0.63 [--name ...]
import { parseArgs } from 'node:util';
import { startMagicDns } from './magic-dns.js';
import { startSocks5Proxy } from './socks5-proxy.js';

const { values } = parseArgs({ options: { 'socks-port': { type: 'string' }, name: { type: 'string', multiple: true } } });
const names: Record<string, string> = {};
for (const entry of values.name ?? []) {
  const [name, address] = entry.split('=');
  if (!name || !address?.startsWith('127.')) {
    process.stderr.write(`tailnet-sim: --name must be <magicdns-name>=<127.x.y.z>, got '${entry}'\n`);
    process.exit(2);
  }
  names[name] = address;
}
const dns = await startMagicDns(names);
const proxy = await startSocks5Proxy(dns, '127.0.0.1', Number(values['socks-port'] ?? 0));
process.stdout.write(`${JSON.stringify({ dnsServer: dns.server, socks5Url: proxy.url, names })}\n`);

const stop = async () => {
  await proxy.close();
  await dns.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
