import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/free-port.js';
import { allowAllPolicy, renderHeadscaleConfig, withLoopbackNodeAttrs, type HeadscalePorts, type TailnetPolicy } from './headscale-config.js';
import { LabProcess, onProcessExit, runCommand, waitUntil } from './lab-process.js';
import { freeUdpPort } from './free-udp-port.js';
import { tailnetTools, type TailnetTools } from './tailnet-tools.js';
import { TailnetNode, type ServeTcp } from './tailnet-node.js';

export { tailnetTools, type TailnetTools } from './tailnet-tools.js';
export { allowAllPolicy, type HeadscalePorts, type TailnetPolicy } from './headscale-config.js';
export { httpGetViaSocks5, type Socks5HttpAnswer } from './socks5-http-get.js';
export { TailnetNode, findPeer, type ServeTcp, type TailnetPath, type TailscalePeerStatus, type TailscaleStatus } from './tailnet-node.js';

export interface HeadscaleLabOptions {
  /** The lab folder (config, database, node state, every process's log). Default: a fresh mkdtemp under the OS temp dir. */
  dir?: string;
  /** MagicDNS suffix: nodes are `<name>.<baseDomain>`. Default `tailnet.test`. */
  baseDomain?: string;
  /** The headscale user the nodes belong to. Default `nexus`. */
  user?: string;
  /** Fixed ports; the ones left out are free ports picked at start. */
  ports?: Partial<HeadscalePorts>;
  /** ACL tags declared in the policy (owned by the user), for `createAuthKey({ tags })`, e.g. `['tag:pve']`. */
  tags?: string[];
  /** Keep the folder after `stop()` (also: HEADSCALE_LAB_KEEP=1). */
  keep?: boolean;
  /** The binaries; default `tailnetTools()` (builds them once per machine). */
  tools?: TailnetTools;
}

export interface AuthKeyOptions {
  reusable?: boolean;
  ephemeral?: boolean;
  /** ACL tags (`tag:…`) the joining node gets; declare them with the lab's `tags` option. */
  tags?: string[];
  /** Prometheus-style duration (`30m`, `24h`). Default `24h`. */
  expiration?: string;
}

export interface StartNodeOptions {
  /** Run tailscaled's SOCKS5 server on 127.0.0.1 (`node.socksProxy`): `true` for a free port, or this port. */
  socks5?: boolean | number;
  /** Join with this pre-auth key; default a reusable key of the lab's user. */
  authKey?: string;
  /** `tailscale serve --tcp` entries applied once the node is up. */
  serve?: ServeTcp[];
  /** Extra environment for tailscaled (e.g. `TS_DEBUG_NEVER_DIRECT_UDP: '1'` to force the DERP relay). */
  env?: Record<string, string>;
}

/**
 * A real tailnet on loopback for integration/e2e tests and the local demo: headscale (control server
 * with embedded DERP and STUN, REST API) and userspace tailscaled nodes, all on 127.0.0.1 in the host
 * network namespace, kept off the internet as TAILNET.md §5 prescribes. Processes run in their own
 * process groups and are killed by `stop()`, or when this process exits.
 */
export class HeadscaleLab {
  /** headscale's base URL (`http://127.0.0.1:PORT`): control server, `/api/v1`, `/health`. */
  readonly url: string;
  readonly nodes = new Map<string, TailnetNode>();
  apiKey = '';
  userId = '';
  private defaultAuthKey: Promise<string> | undefined;
  private stopped = false;
  private readonly forgetExitCleanup: () => void;

  private constructor(
    readonly dir: string,
    readonly baseDomain: string,
    readonly user: string,
    readonly ports: HeadscalePorts,
    readonly tools: TailnetTools,
    readonly headscaleProcess: LabProcess,
    private readonly options: { keep: boolean; tags: string[] },
  ) {
    this.url = `http://127.0.0.1:${ports.http}`;
    this.forgetExitCleanup = onProcessExit(() => {
      if (!this.options.keep) rmSync(this.dir, { recursive: true, force: true });
    });
  }

  static async start(options: HeadscaleLabOptions = {}): Promise<HeadscaleLab> {
    const tools = options.tools ?? (await tailnetTools());
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'headscale-lab-')));
    await mkdir(join(dir, 'headscale'), { recursive: true });
    const ports: HeadscalePorts = {
      http: options.ports?.http ?? (await freePort()),
      metrics: options.ports?.metrics ?? (await freePort()),
      grpc: options.ports?.grpc ?? (await freePort()),
      stun: options.ports?.stun ?? (await freeUdpPort()),
    };
    const baseDomain = options.baseDomain ?? 'tailnet.test';
    const config = join(dir, 'headscale.yaml');
    await writeFile(config, renderHeadscaleConfig({ stateDir: join(dir, 'headscale'), ports, baseDomain }));
    const headscale = new LabProcess('headscale', tools.headscale, ['-c', config, 'serve'], join(dir, 'headscale.log'));
    const keep = options.keep ?? process.env.HEADSCALE_LAB_KEEP === '1';
    const lab = new HeadscaleLab(dir, baseDomain, options.user ?? 'nexus', ports, tools, headscale, { keep, tags: options.tags ?? [] });
    try {
      await lab.boot();
      return lab;
    } catch (error) {
      await lab.stop().catch(() => undefined);
      throw error;
    }
  }

  private async boot(): Promise<void> {
    this.headscaleProcess.start();
    // Its unix socket too: a /health answer alone could come from another server on a port taken meanwhile.
    const socket = join(this.dir, 'headscale', 'headscale.sock');
    await waitUntil('headscale /health and its unix socket', async () => existsSync(socket) && (await fetch(`${this.url}/health`)).ok, {
      gone: () => {
        const why = this.headscaleProcess.exitDescription();
        return why && `headscale ${why}`;
      },
      detail: () => this.headscaleLogTail(),
    });
    // Before any node joins, so every node gets the loopback node attributes from its first netmap.
    await this.setPolicy(allowAllPolicy({ user: this.user, tags: this.options.tags }));
    const user = JSON.parse(await this.headscale(['users', 'create', this.user, '-o', 'json'])) as { id: string | number };
    this.userId = String(user.id);
    this.apiKey = (await this.headscale(['apikeys', 'create', '-e', '24h'])).trim().split('\n').pop() ?? '';
    if (!this.apiKey.startsWith('hskey-api-')) throw new Error(`headscale apikeys create printed no key: '${this.apiKey}'`);
  }

  /** Runs the headscale CLI against this lab's server (`headscale -c <config> …args`) and returns its stdout. */
  async headscale(args: string[]): Promise<string> {
    try {
      return (await runCommand(this.tools.headscale, ['-c', join(this.dir, 'headscale.yaml'), ...args])).stdout;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.headscaleLogTail()}`);
    }
  }

  /** Replaces the tailnet policy (`headscale policy set -f`); the loopback node attributes are added when missing. */
  async setPolicy(policy: TailnetPolicy): Promise<void> {
    const file = join(this.dir, 'policy.hujson');
    await writeFile(file, `${JSON.stringify(withLoopbackNodeAttrs(policy), null, 2)}\n`);
    await this.headscale(['policy', 'set', '-f', file]);
  }

  /** A new pre-auth key of the lab's user (`headscale preauthkeys create`); returns the secret `hskey-auth-…`. */
  async createAuthKey(options: AuthKeyOptions = {}): Promise<string> {
    const args = ['preauthkeys', 'create', '-u', this.userId, '-e', options.expiration ?? '24h', '-o', 'json'];
    if (options.reusable) args.push('--reusable');
    if (options.ephemeral) args.push('--ephemeral');
    if (options.tags?.length) args.push(`--tags=${options.tags.join(',')}`);
    const { key } = JSON.parse(await this.headscale(args)) as { key?: string };
    if (!key?.startsWith('hskey-auth-')) throw new Error(`headscale preauthkeys create returned no key`);
    return key;
  }

  /**
   * Starts a userspace tailscaled named `name` and joins it to the tailnet; resolves once it runs
   * (and its `serve` entries are set). Call `waitForPeer` on a node before it dials another.
   */
  async startNode(name: string, options: StartNodeOptions = {}): Promise<TailnetNode> {
    if (this.stopped) throw new Error('the lab is stopped');
    if (this.nodes.has(name)) throw new Error(`the lab already has a node ${name}`);
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new Error(`node name must be a DNS label (lower case), got '${name}'`);
    const dir = join(this.dir, name);
    await mkdir(dir, { recursive: true });
    const node = new TailnetNode({
      name,
      baseDomain: this.baseDomain,
      dir,
      loginServer: this.url,
      tailscaled: this.tools.tailscaled,
      tailscale: this.tools.tailscale,
      socksPort: typeof options.socks5 === 'number' ? options.socks5 : options.socks5 ? await freePort() : undefined,
      env: options.env ?? {},
    });
    this.nodes.set(name, node);
    const authKey = options.authKey ?? (await this.reusableAuthKey());
    await node.start(authKey);
    for (const entry of options.serve ?? []) await node.serveTcp(entry.tcpPort, entry.target);
    return node;
  }

  /** The reusable pre-auth key nodes join with by default (created on first use). */
  reusableAuthKey(): Promise<string> {
    this.defaultAuthKey ??= this.createAuthKey({ reusable: true }).catch((error: unknown) => {
      this.defaultAuthKey = undefined;
      throw error;
    });
    return this.defaultAuthKey;
  }

  node(name: string): TailnetNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`the lab has no node ${name}`);
    return node;
  }

  /** A request to headscale's REST API (`/api/v1` + path) with the lab's API key; rejects on a non-2xx answer. */
  async api<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`headscale ${init.method ?? 'GET'} /api/v1${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Stops every node and headscale, then removes the lab folder (unless kept). Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.allSettled([...this.nodes.values()].map((node) => node.stop()));
    await this.headscaleProcess.stop();
    this.forgetExitCleanup();
    if (!this.options.keep) await rm(this.dir, { recursive: true, force: true });
  }

  private headscaleLogTail(lines = 30): string {
    return `--- last lines of ${this.headscaleProcess.logFile} ---\n${this.headscaleProcess.logTail(lines)}`;
  }
}
