import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { HeadscaleLab, tailnetTools, type TailnetNode } from './headscale-lab.js';
import { waitUntil } from './lab-process.js';
import { httpGetViaSocks5 } from './socks5-http-get.js';

interface HeadscaleNode {
  id: string;
  name: string;
  givenName: string;
  online: boolean;
  ipAddresses: string[];
}

// A real tailnet on loopback: headscale plus userspace tailscaled nodes (TAILNET.md, variant B).
describe('HeadscaleLab', () => {
  let lab: HeadscaleLab;
  let nodeA: TailnetNode;
  let nodeB: TailnetNode;
  let backend: Server;
  let backendPort: number;

  const nodesOnHeadscale = async (): Promise<HeadscaleNode[]> => {
    const response = await fetch(`${lab.url}/api/v1/node`, { headers: { authorization: `Bearer ${lab.apiKey}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { nodes: HeadscaleNode[] }).nodes;
  };
  const onlineOnHeadscale = async (name: string, online: boolean) =>
    waitUntil(`headscale to report ${name} online=${online}`, async () => {
      const node = (await nodesOnHeadscale()).find((entry) => entry.givenName === name);
      return node?.online === online ? node : undefined;
    });
  const getThroughA = (path = '/') => httpGetViaSocks5(nodeA.socksProxy ?? '', `http://${nodeB.fqdn}:8006${path}`);

  beforeAll(async () => {
    await tailnetTools(); // a first build takes minutes: not part of the lab's start time
    backend = createServer((request, response) => response.end(`hello from node-b's backend ${request.url}`));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendPort = (backend.address() as { port: number }).port;

    const started = Date.now();
    lab = await HeadscaleLab.start();
    const labUp = Date.now();
    [nodeA, nodeB] = await Promise.all([lab.startNode('node-a', { socks5: true }), lab.startNode('node-b', { serve: [{ tcpPort: 8006, target: backendPort }] })]);
    await nodeA.waitForPeer('node-b');
    const first = await getThroughA();
    process.stderr.write(
      `headscale-lab: headscale ready in ${labUp - started} ms; two nodes joined, peer gate passed and first request through SOCKS5 after ${Date.now() - started} ms\n`,
    );
    expect(first.status).toBe(200);
  }, 30 * 60_000); // a first build of the binaries (once per machine) takes many minutes; every wait in the lab has its own limit

  afterAll(async () => {
    await lab?.stop();
    backend?.close();
  });

  it('serves a host-namespace HTTP server on node B, reached by MagicDNS name through node A\'s SOCKS5', async () => {
    expect(nodeA.socksProxy).toMatch(/^socks5h:\/\/127\.0\.0\.1:\d+$/);
    expect(nodeB.fqdn).toBe('node-b.tailnet.test');
    const answer = await getThroughA('/ping');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe("hello from node-b's backend /ping");

    const status = await nodeA.status();
    expect(status.BackendState).toBe('Running');
    expect(status.Self?.DNSName).toBe('node-a.tailnet.test.');
    const path = await nodeA.pathTo('node-b');
    expect(path).toMatchObject({ peer: 'node-b', online: true, relay: 'headscale' });
    expect(['direct', 'derp']).toContain(path.kind);
    if (path.kind === 'direct') expect(path.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("answers on headscale's REST API with the API key only", async () => {
    const a = await onlineOnHeadscale('node-a', true);
    const b = await onlineOnHeadscale('node-b', true);
    expect(a.ipAddresses[0]).toMatch(/^100\.64\.0\.\d+$/);
    expect(b.ipAddresses[0]).toMatch(/^100\.64\.0\.\d+$/);
    expect((await fetch(`${lab.url}/api/v1/node`)).status).toBe(401);
    expect(lab.userId).toMatch(/^\d+$/);
  });

  it('sees a stopped node go offline, and back once restarted from its state', async () => {
    await nodeB.stop();
    expect(nodeB.process.running).toBe(false);
    await onlineOnHeadscale('node-b', false);

    await nodeB.restart();
    await onlineOnHeadscale('node-b', true);
    await nodeA.waitForPeer('node-b');
    expect((await getThroughA('/again')).body).toBe("hello from node-b's backend /again"); // the serve config survived
  });

  it('joins a third node with a freshly minted pre-auth key', async () => {
    const key = await lab.createAuthKey({ ephemeral: true });
    expect(key).toMatch(/^hskey-auth-/);
    const nodeC = await lab.startNode('node-c', { authKey: key });
    expect(nodeC.fqdn).toBe('node-c.tailnet.test');
    await onlineOnHeadscale('node-c', true);
    const seen = await nodeA.waitForPeer('node-c');
    expect(seen.DNSName).toBe('node-c.tailnet.test.');
    expect((await nodesOnHeadscale()).map((node) => node.givenName).sort()).toEqual(['node-a', 'node-b', 'node-c']);
  });
});
