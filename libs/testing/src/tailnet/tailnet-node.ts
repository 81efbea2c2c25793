import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { LabProcess, runCommand, waitUntil } from './lab-process.js';

/** One peer (or Self) in `tailscale status --json`. */
export interface TailscalePeerStatus {
  ID: string;
  HostName: string;
  /** The MagicDNS name with a trailing dot (`node-b.tailnet.test.`). */
  DNSName: string;
  TailscaleIPs?: string[] | null;
  Online?: boolean;
  Active?: boolean;
  /** The peer's home DERP region (`headscale`); empty until the node knows it. */
  Relay?: string;
  /** The direct UDP endpoint in use (`127.0.0.1:49554`); empty when relayed or idle. */
  CurAddr?: string;
  Addrs?: string[] | null;
  RxBytes?: number;
  TxBytes?: number;
  LastHandshake?: string;
}

/** `tailscale status --json` (the fields the lab reads; the rest is there too). */
export interface TailscaleStatus {
  /** `Running` once logged in and connected; `NeedsLogin`, `Starting`, `Stopped` … before. */
  BackendState: string;
  TailscaleIPs?: string[] | null;
  MagicDNSSuffix?: string;
  Self?: TailscalePeerStatus;
  /** Keyed by node key; null when the node sees no peers. */
  Peer?: Record<string, TailscalePeerStatus> | null;
  Health?: string[] | null;
  [key: string]: unknown;
}

/** How a node reaches a peer right now (TAILNET.md §3 "Direct or DERP?"). */
export interface TailnetPath {
  peer: string;
  online: boolean;
  /** A WireGuard session is active. Without recent traffic a peer is idle: `kind` then tells what the next packet would use. */
  active: boolean;
  /** `direct`: UDP to `address`; `derp`: through the relay `relay`; `none`: no endpoint nor DERP home known yet. */
  kind: 'direct' | 'derp' | 'none';
  address?: string;
  relay?: string;
}

export interface ServeTcp {
  /** The port on the node's tailnet address. */
  tcpPort: number;
  /** Where the node forwards it: `tcp://127.0.0.1:18006`, `127.0.0.1:18006` or a bare port (127.0.0.1). */
  target: string | number;
}

export interface TailnetNodeConfig {
  name: string;
  baseDomain: string;
  dir: string;
  loginServer: string;
  tailscaled: string;
  tailscale: string;
  socksPort?: number;
  env: Record<string, string>;
}

/**
 * Environment every lab tailscaled gets, so that it stays on loopback (TAILNET.md §5): DERP over plain
 * http (the embedded DERP of headscale), no port mapping, no advertised non-loopback endpoints.
 */
export const LOOPBACK_TAILSCALED_ENV: Readonly<Record<string, string>> = {
  TS_DEBUG_USE_DERP_HTTP: '1',
  TS_DISABLE_PORTMAPPER: '1',
  TS_DEBUG_OMIT_LOCAL_ADDRS: '1',
};

const UNIX_SOCKET_PATH_MAX = 107;

/**
 * A userspace-networking tailscaled of a HeadscaleLab, with its own state folder and LocalAPI socket,
 * driven through the `tailscale` CLI. Created by `HeadscaleLab.startNode`.
 */
export class TailnetNode {
  readonly name: string;
  /** The MagicDNS name: `<name>.<baseDomain>`. */
  readonly fqdn: string;
  readonly dir: string;
  readonly stateDir: string;
  /** tailscaled's LocalAPI socket (`tailscale --socket=…`). */
  readonly socket: string;
  /** Host and port of the node's SOCKS5 server, when started with `socks5: true`. */
  readonly socks5: { host: string; port: number } | undefined;
  readonly process: LabProcess;

  constructor(private readonly config: TailnetNodeConfig) {
    this.name = config.name;
    this.fqdn = `${config.name}.${config.baseDomain}`;
    this.dir = config.dir;
    this.stateDir = join(config.dir, 'state');
    this.socket = join(config.dir, 'ts.sock');
    if (this.socket.length > UNIX_SOCKET_PATH_MAX) throw new Error(`tailnet node ${this.name}: socket path too long for a unix socket (${this.socket}); use a shorter lab dir`);
    this.socks5 = config.socksPort === undefined ? undefined : { host: '127.0.0.1', port: config.socksPort };
    mkdirSync(this.stateDir, { recursive: true });
    const args = [
      '--tun=userspace-networking',
      `--statedir=${this.stateDir}`,
      `--socket=${this.socket}`,
      '--port=0',
      '--no-logs-no-support',
      ...(this.socks5 ? [`--socks5-server=${this.socks5.host}:${this.socks5.port}`] : []),
    ];
    const env = { ...process.env, ...LOOPBACK_TAILSCALED_ENV, TS_LOGS_DIR: config.dir, ...config.env };
    this.process = new LabProcess(`tailscaled ${this.name}`, config.tailscaled, args, join(config.dir, 'tailscaled.log'), env);
  }

  /** `socks5h://127.0.0.1:PORT` (names resolved by the proxy, i.e. MagicDNS), when started with `socks5: true`. */
  get socksProxy(): string | undefined {
    return this.socks5 && `socks5h://${this.socks5.host}:${this.socks5.port}`;
  }

  /** Starts tailscaled and, with an auth key, joins the tailnet (`tailscale up`); without one, reconnects from its state. */
  async start(authKey?: string): Promise<void> {
    this.process.start();
    await this.waitFor('its LocalAPI socket', () => canConnect(this.socket));
    if (authKey) {
      await this.tailscale(
        ['up', `--login-server=${this.config.loginServer}`, `--authkey=${authKey}`, `--hostname=${this.name}`, '--timeout=60s'],
        90_000,
      );
    }
    await this.waitFor('BackendState Running', async () => (await this.status()).BackendState === 'Running');
  }

  /** Runs `tailscale --socket=<this node> …args` and returns its stdout; the error carries tailscaled's log tail. */
  async tailscale(args: string[], timeoutMs = 60_000): Promise<string> {
    try {
      return (await runCommand(this.config.tailscale, [`--socket=${this.socket}`, ...args], { timeoutMs })).stdout;
    } catch (error) {
      throw new Error(`tailnet node ${this.name}: ${(error as Error).message}\n${this.logTail()}`);
    }
  }

  /** Parsed `tailscale status --json`. */
  async status(): Promise<TailscaleStatus> {
    return JSON.parse(await this.tailscale(['status', '--json'], 20_000)) as TailscaleStatus;
  }

  /** A peer by host name, MagicDNS label or FQDN, as this node sees it now. */
  async peer(name: string): Promise<TailscalePeerStatus | undefined> {
    return findPeer(await this.status(), name);
  }

  /**
   * Waits until this node sees `name` online with a DERP home (Relay set): only then does a first dial
   * go through at once instead of stalling ~5 s in WireGuard (TAILNET.md pitfall 8).
   */
  async waitForPeer(name: string, timeoutMs = 60_000): Promise<TailscalePeerStatus> {
    return this.waitFor(
      `peer ${name} online with a DERP home`,
      async () => {
        const peer = await this.peer(name);
        return peer?.Online && peer.Relay ? peer : undefined;
      },
      timeoutMs,
    );
  }

  /** Forwards TCP `port` on the node's tailnet address to `target` (`tailscale serve --bg --tcp`). */
  async serveTcp(port: number, target: string | number): Promise<void> {
    await this.tailscale(['serve', '--bg', '--tcp', String(port), tcpTarget(target)]);
  }

  /** A disco ping to a peer (`tailscale ping -c 1 --until-direct=false`); returns its `pong from … via …` line. */
  async ping(peer: string, timeoutMs = 10_000): Promise<string> {
    const output = await this.tailscale(['ping', '-c', '1', '--until-direct=false', `--timeout=${Math.ceil(timeoutMs / 1000)}s`, peer], timeoutMs + 5_000);
    return output.split('\n').find((line) => line.startsWith('pong')) ?? output.trim();
  }

  /**
   * How this node reaches `peer`: `direct` with the UDP address (Peer.CurAddr) or `derp` with the relay
   * (Peer.Relay). With `{ ping: true }` a disco ping first makes sure a path is in use.
   */
  async pathTo(peer: string, options: { ping?: boolean } = {}): Promise<TailnetPath> {
    if (options.ping) await this.ping(peer);
    const found = await this.peer(peer);
    if (!found) throw new Error(`tailnet node ${this.name} does not see a peer named ${peer}`);
    const path: TailnetPath = { peer, online: found.Online === true, active: found.Active === true, kind: 'none' };
    if (found.Relay) path.relay = found.Relay;
    if (found.CurAddr) return { ...path, kind: 'direct', address: found.CurAddr };
    return found.Relay ? { ...path, kind: 'derp' } : path;
  }

  /** SIGTERM to tailscaled and wait for it to exit (the state folder stays: `restart()` reconnects). */
  async stop(): Promise<void> {
    await this.process.stop();
  }

  /** Stops tailscaled and starts it again on the same state folder (no auth key: it logs in from its state). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The tail of this node's tailscaled log, labelled. */
  logTail(lines = 30): string {
    return `--- last lines of ${this.process.logFile} ---\n${this.process.logTail(lines)}`;
  }

  private waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    return waitUntil(`tailnet node ${this.name}: ${what}`, check, {
      timeoutMs,
      gone: () => {
        const why = this.process.exitDescription();
        return why && `tailscaled ${why}`;
      },
      detail: () => this.logTail(),
    });
  }
}

/** Finds a peer by host name, MagicDNS label (it changes on rename) or FQDN. */
export function findPeer(status: TailscaleStatus, name: string): TailscalePeerStatus | undefined {
  const wanted = name.replace(/\.$/, '');
  return Object.values(status.Peer ?? {}).find((peer) => {
    const dnsName = peer.DNSName.replace(/\.$/, '');
    return peer.HostName === wanted || dnsName === wanted || dnsName.split('.')[0] === wanted;
  });
}

function tcpTarget(target: string | number): string {
  if (typeof target === 'number' || /^\d+$/.test(target)) return `tcp://127.0.0.1:${target}`;
  return target.includes('://') ? target : `tcp://${target}`;
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
