// A real tailnet on loopback for the local demo: headscale plus userspace tailscaled nodes (see
// headscale-lab.ts). Prints one JSON line on stdout once every node is up and every SOCKS5 node sees
// every other node, then stays up until SIGINT/SIGTERM (which stop it and remove its folder).
//
//   --node node-a --node pve-lab --socks5 node-a[=1055] --serve pve-lab:8006=127.0.0.1:18006
//   [--base-domain tailnet.test] [--user nexus] [--port 18080] [--dir /tmp/lab] [--keep]
//
// The line: { "url", "apiKey", "authKey" (reusable, for more nodes), "user", "userId", "baseDomain",
//   "dir", "socksProxy" (the first SOCKS5 node's), "nodes": [{ "name", "fqdn", "ips", "socket" (its LocalAPI), "socksProxy"? }] }
import { parseArgs } from 'node:util';
import { HeadscaleLab, type StartNodeOptions } from './headscale-lab.js';

const { values } = parseArgs({
  options: {
    node: { type: 'string', multiple: true },
    socks5: { type: 'string', multiple: true },
    serve: { type: 'string', multiple: true },
    'base-domain': { type: 'string' },
    user: { type: 'string' },
    port: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean' },
  },
});

function usage(message: string): never {
  process.stderr.write(`headscale-lab: ${message}\n`);
  process.exit(2);
}

function port(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) usage(`${what} must be a port number, got '${text}'`);
  return value;
}

const names = values.node ?? [];
if (names.length === 0) usage('give at least one --node NAME');
const nodeOptions = new Map<string, StartNodeOptions>(names.map((name) => [name, {}]));
const optionsOf = (name: string, flag: string): StartNodeOptions =>
  nodeOptions.get(name) ?? usage(`--${flag} names '${name}', which is not a --node`);
for (const entry of values.socks5 ?? []) {
  const [name = '', fixed] = entry.split('=');
  optionsOf(name, 'socks5').socks5 = fixed === undefined ? true : port(fixed, `--socks5 ${name}=PORT`);
}
for (const entry of values.serve ?? []) {
  const match = /^([^:]+):(\d+)=(.+)$/.exec(entry) ?? usage(`--serve must be NODE:TCPPORT=TARGET (e.g. pve-lab:8006=127.0.0.1:18006), got '${entry}'`);
  const options = optionsOf(match[1] ?? '', 'serve');
  options.serve = [...(options.serve ?? []), { tcpPort: port(match[2] ?? '', '--serve TCPPORT'), target: match[3] ?? '' }];
}

let lab: HeadscaleLab | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await lab?.stop().catch((error: unknown) => process.stderr.write(`headscale-lab: stopping: ${String(error)}\n`));
  process.exit(code);
};
// Registered before the lab starts, so a signal stops the lab gracefully (the lab's own last-resort
// hooks only take over signals nobody handles).
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
const keepAlive = setInterval(() => undefined, 1 << 30); // the lab's processes do not hold the event loop

try {
  const started = Date.now();
  lab = await HeadscaleLab.start({
    baseDomain: values['base-domain'],
    user: values.user,
    dir: values.dir,
    keep: values.keep,
    ports: values.port ? { http: port(values.port, '--port') } : undefined,
  });
  const nodes = await Promise.all(names.map((name) => lab!.startNode(name, nodeOptions.get(name))));
  for (const node of nodes.filter((entry) => entry.socks5)) {
    for (const peer of nodes) if (peer !== node) await node.waitForPeer(peer.name);
  }
  const authKey = await lab.reusableAuthKey();
  const described = await Promise.all(
    nodes.map(async (node) => ({ name: node.name, fqdn: node.fqdn, ips: (await node.status()).TailscaleIPs ?? [], socket: node.socket, ...(node.socksProxy ? { socksProxy: node.socksProxy } : {}) })),
  );
  process.stdout.write(
    `${JSON.stringify({
      url: lab.url,
      apiKey: lab.apiKey,
      authKey,
      user: lab.user,
      userId: lab.userId,
      baseDomain: lab.baseDomain,
      dir: lab.dir,
      socksProxy: nodes.find((node) => node.socksProxy)?.socksProxy ?? null,
      nodes: described,
    })}\n`,
  );
  process.stderr.write(`headscale-lab: up in ${Date.now() - started} ms (logs in ${lab.dir}); SIGTERM stops it\n`);
} catch (error) {
  process.stderr.write(`headscale-lab: ${error instanceof Error ? error.message : String(error)}\n`);
  clearInterval(keepAlive);
  await stop(1);
}
