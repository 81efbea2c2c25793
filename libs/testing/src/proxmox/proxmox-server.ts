import { randomUUID } from 'node:crypto';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { clusterRoutes } from './cluster-routes.js';
import { consoleRoutes } from './console-routes.js';
import { ConsoleTickets, type ConsoleConnection, type ConsoleWebSocketHandler } from './console-tickets.js';
import { ConsoleServers, type ActiveConsole } from './console-servers.js';
import type { RfbEvent } from './rfb-server.js';
import { generateRsaKey, issueClusterCa, issueNodeCertificate, keyPool, type KeyMaterial } from './certificates.js';
import { guestRoutes } from './guest-routes.js';
import { sendData, sendError, sendRawJson, writeResponse, type ErrorStyle, type Responder } from './http-response.js';
import { FaultState, type HangMode, type RequestFailure } from './knobs.js';
import { nodeInfoRoutes } from './node-info-routes.js';
import { nodeRoutes } from './node-routes.js';
import { extractParams } from './params.util.js';
import { ClusterState, type GuestState, type SimGuest } from './proxmox-cluster.js';
import { TokenRegistry, type TokenPrivileges } from './proxmox-auth.js';
import { Router, type PveVersion, type SimContext } from './proxmox-router.js';
import { PveError, handlerError } from './pve-error.js';
import { SeededRandom, hashString } from './seeded-random.util.js';
import { TaskManager, type TaskFailureRule } from './tasks.js';
import { createGuests, createNode } from './topology.js';

/** Options of one simulated Proxmox VE cluster. */
export interface ProxmoxServerOptions {
  /** Cluster name (also the seed when `seed` is absent). Default 'pve-sim'. */
  name?: string;
  /** Any 127.0.0.0/8 address. Default '127.0.0.1'. */
  host?: string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Number of nodes (pve1, pve2, ...). Default 1. */
  nodes?: number;
  /** Guests generated per node (about 70% VMs, 30% containers). Default 10. */
  guestsPerNode?: number;
  /** Seed of the generated names, vmids, states and token secrets. Default: the name. */
  seed?: number | string;
  /** How long power tasks run before they complete. Default 200 ms. */
  taskDurationMs?: number;
  /** Whether error messages are also in the body (pve-http-server >= 5.2). Default 'status-line'. */
  errorStyle?: ErrorStyle;
  /** pveproxy delays every 401 by 3 s; 0 here by default so tests stay fast. */
  authFailureDelayMs?: number;
  /** What GET /version reports. Default 8.4.1 / 8.4. */
  pveVersion?: PveVersion;
  /** How long a console's worker waits for its WebSocket before ending ("connection timed out"). Default 10 s, as PVE. */
  consoleAcceptTimeoutMs?: number;
  /** Whether vncwebsocket connections are served by the built-in RFB / termproxy servers. Default true. */
  builtinConsoles?: boolean;
  /** How often the built-in RFB server redraws its screen (the clock). Default 1000 ms. */
  rfbRefreshMs?: number;
  /** Position in a fleet; spreads keys and node addresses. Default 0. */
  index?: number;
}

/** A token's credentials: the header is `Authorization: PVEAPIToken=<tokenId>=<secret>`. */
export interface TokenCredentials {
  tokenId: string;
  secret: string;
}

/** A running simulated cluster and its fault knobs. */
export interface ProxmoxServer {
  name: string;
  host: string;
  port: number;
  /** `https://host:port` (the API is under /api2/json). */
  url: string;
  /** `https://host:port/api2/json`. */
  apiUrl: string;
  /** A token with full privileges and one with PVEAuditor's (VM.Audit, Sys.Audit...). */
  tokens: { full: TokenCredentials; readOnly: TokenCredentials };
  /** Node names, entry node first. */
  readonly nodes: string[];
  /** The node whose certificate the server presents. */
  entryNode: string;
  /** The cluster CA in PEM (pve-root-ca.pem), for clients that verify instead of pinning. */
  caPem: string;
  /** A node's certificate fingerprint, SHA-256 as AB:CD:... (what GET /nodes reports as ssl_fingerprint). */
  fingerprintOf(node: string): string;
  /** The simulated state, for assertions and direct manipulation. */
  cluster: ClusterState;
  guest(vmid: number): SimGuest | undefined;

  /** Adds `fixedMs` plus up to `jitterMs` random delay before every request is handled. */
  setLatency(latency: { fixedMs?: number; jitterMs?: number }): void;
  /** Fails matching requests with an HTTP status (see RequestFailure). */
  failRequests(rule: RequestFailure): void;
  clearRequestFailures(): void;
  /** 'response': accept and read requests, never answer. 'tls': accept TCP, never finish TLS. */
  hang(mode?: HangMode): void;
  /** Ends a hang; connections held by it are reset. */
  unhang(): void;
  /** Closes the listening socket and drops connections: clients get "connection refused". */
  stopListening(): Promise<void>;
  /** Listens again on the same host and port. */
  startListening(): Promise<void>;
  /** Creates a token; the secret is returned (and random unless given). */
  createToken(options: { tokenId: string; privileges?: TokenPrivileges; secret?: string; expire?: number }): TokenCredentials;
  /** Deletes a token: its requests then get 401 "no such token ...". */
  revokeToken(tokenId: string): void;
  /** Gives `node` a new key and certificate; resolves to the new fingerprint. */
  rotateCertificate(node: string): Promise<string>;
  /** Joins a new node (with its own certificate and `guests` guests); resolves to its name. */
  addNode(options?: { guests?: number }): Promise<string>;
  /** Takes a node off the cluster network: requests for it answer 595, it shows as offline. */
  setNodeOnline(node: string, online: boolean): void;
  /** Sets a guest's power state directly ('paused' is for VMs only). */
  setGuestState(vmid: number, state: GuestState): void;
  /** Makes the next matching tasks end with an error. */
  failTasks(rule: TaskFailureRule): void;
  setTaskDuration(ms: number): void;
  /**
   * Installs the handler of upgraded vncwebsocket connections instead of the built-in RFB /
   * termproxy servers; `undefined` restores the built-in ones, `null` leaves nothing accepting.
   */
  setConsoleHandler(handler: ConsoleWebSocketHandler | null | undefined): void;
  /** Consoles the built-in servers are serving now (vmid, node, port, protocol, recorded events). */
  consoleSessions(): ActiveConsole[];
  /** The RFB events (keys, pointer, cut text, ...) recorded for a VM's consoles, closed ones too. */
  rfbEvents(vmid: number): RfbEvent[];
  close(): Promise<void>;
}

const DEFAULT_VERSION: PveVersion = { version: '8.4.1', release: '8.4', repoid: '2a5fa54a8503f96d' };
const MAX_POST = 64 * 1024; // pve-http-server $limit_max_post

const router = new Router([...clusterRoutes, ...nodeRoutes, ...nodeInfoRoutes, ...guestRoutes, ...consoleRoutes]);

/** Starts one simulated Proxmox VE cluster behind an HTTPS API server. */
export async function startProxmoxServer(options: ProxmoxServerOptions = {}): Promise<ProxmoxServer> {
  const name = options.name ?? 'pve-sim';
  const host = options.host ?? '127.0.0.1';
  const index = options.index ?? 0;
  const rng = new SeededRandom(options.seed ?? name);
  const keys = await keyPool();
  const keyFor = (slot: number): KeyMaterial => keys[(index * 5 + slot) % keys.length] as KeyMaterial;

  const cluster = new ClusterState(name, rng.fork('cluster').uuid(), issueClusterCa(keyFor(0), rng.fork('ca').uuid()));
  const nameHash = hashString(name);
  // Other nodes get loopback addresses nothing listens on, so a client that follows
  // /cluster/status to another node meets "connection refused", never a foreign network.
  const nodeIp = (i: number) => (i === 0 ? host : `127.${200 + (nameHash % 50)}.${(nameHash >>> 8) & 255}.${i + 1}`);
  let nextVmid = 100;
  const addNode = (guestCount: number, key: KeyMaterial) => {
    const i = cluster.nodes.length;
    const node = createNode(cluster, rng.fork(`node:${i}`), { index: i, ip: nodeIp(i), key });
    cluster.addNode(node);
    for (const guest of createGuests(node, rng.fork(`guests:${i}`), nextVmid, guestCount)) cluster.addGuest(guest);
    nextVmid += guestCount;
    return node;
  };
  for (let i = 0; i < (options.nodes ?? 1); i++) addNode(options.guestsPerNode ?? 10, keyFor(i + 1));
  const entry = cluster.nodes[0];
  if (!entry) throw new Error('a cluster needs at least one node');

  const tokens = new TokenRegistry();
  const secrets = rng.fork('tokens');
  const full = tokens.add({ tokenId: 'root@pam!pve-nexus', secret: secrets.uuid(), privileges: 'full', expire: 0 });
  const readOnly = tokens.add({ tokenId: 'auditor@pve!pve-nexus-ro', secret: secrets.uuid(), privileges: 'read-only', expire: 0 });

  const tasks = new TaskManager(options.taskDurationMs ?? 200);
  const consoles = new ConsoleTickets(tasks, options.consoleAcceptTimeoutMs);
  const consoleServers = new ConsoleServers(cluster, { rfbRefreshMs: options.rfbRefreshMs });
  const builtinHandler = options.builtinConsoles === false ? undefined : consoleServers.handler;
  const faults = new FaultState();
  const errorStyle = options.errorStyle ?? 'status-line';
  const sim: SimContext = {
    cluster,
    tasks,
    consoles,
    pveVersion: options.pveVersion ?? DEFAULT_VERSION,
    entryNode: () => entry,
    websocketHandler: builtinHandler,
  };

  const https: HttpsServer = createHttpsServer({ key: entry.certificate.key.pem, cert: entry.certificate.certPem });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : ([...protocols][0] ?? false)) });
  const rawSockets = new Set<Socket>();
  const held = new Set<Duplex>();

  async function handle(req: IncomingMessage, responder: Responder, upgrade?: { socket: Duplex; head: Buffer }): Promise<void> {
    if (faults.hang === 'response') {
      held.add(upgrade?.socket ?? req.socket);
      return;
    }
    const delay = faults.delayMs();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'https://localhost');
      const path = decodeURIComponent(url.pathname);
      const method = req.method ?? 'GET';
      if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) throw new PveError(501, `method '${method}' not available`, undefined, 'none');
      // split_abs_uri: /api2/<format>/<rel_uri>; outside /api2 pveproxy serves files only.
      if (!path.startsWith('/api2')) throw new PveError(500, `no such file '${path}'`, undefined, 'none');
      const match = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/.exec(path);
      if (!match) throw new PveError(501, 'no such uri', undefined, 'none');
      const relPath = match[2] ?? '/';
      if (match[1] !== 'json') throw new PveError(501, `no formatter for uri ${relPath}, ${match[1]}`, undefined, 'none');
      const failure = faults.takeFailure(relPath);
      if (failure) return sendInjectedFailure(responder, failure, errorStyle);
      let auth;
      try {
        auth = tokens.authenticate(header(req, 'authorization'), header(req, 'cookie'));
      } catch (error) {
        if ((options.authFailureDelayMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.authFailureDelayMs));
        throw error;
      }
      const contentType = header(req, 'content-type');
      if (body.length > 0 && contentType && !/^(application\/x-www-form-urlencoded|application\/json)\s*(;|$)/.test(contentType)) {
        throw new PveError(506, `upload 'Content-Type '${contentType}' not implemented`, undefined, 'none');
      }
      let raw;
      try {
        raw = extractParams(method, contentType, body, url.search.slice(1));
      } catch {
        throw new PveError(501, `malformed JSON string, neither tag, array, object, number, string or atom, at character offset 0 (before "${body.slice(0, 20)}")`, undefined, 'none');
      }
      const result = router.dispatch({ sim, auth, method, path: relPath, upgrade: upgrade !== undefined }, raw);
      if ('rawJson' in result) return sendRawJson(responder, result.rawJson);
      if ('data' in result) return sendData(responder, result.data, { total: result.total });
      if (!upgrade) throw handlerError('websocket upgrade without upgrade request');
      const session = sim.websocketHandler ? consoles.accept(result.upgrade, result.node, result.port) : undefined;
      const handler = sim.websocketHandler;
      if (!session || !handler) {
        // Nothing accepts on the port (no RFB handler installed, the worker timed out or already
        // has its one connection): pveproxy's tcp_connect to localhost:<port> fails.
        throw handlerError(`connect to 'localhost:${result.port}' failed: Connection refused`);
      }
      wss.handleUpgrade(req, upgrade.socket, upgrade.head, (socket) => {
        const { task, state: _state, ...info } = session;
        socket.on('close', () => consoles.close(session));
        handler(socket, { ...info, upid: task.upid } satisfies ConsoleConnection);
      });
    } catch (error) {
      const pveError = error instanceof PveError ? error : handlerError(error instanceof Error ? error.message : String(error));
      sendError(responder, pveError, errorStyle);
    }
  }

  https.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, {
      acceptGzip: /gzip/.test(header(req, 'accept-encoding') ?? ''),
      send(status, reason, headers, body) {
        res.writeHead(status, reason, headers);
        res.end(body);
      },
    });
  });
  https.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void handle(req, rawSocketResponder(socket), { socket, head });
  });
  https.on('tlsClientError', (_error, socket) => socket.destroy());

  const front: NetServer = createNetServer((socket) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (faults.hang === 'tls') {
      held.add(socket); // never handed to TLS: the client's handshake gets no answer
      return;
    }
    https.emit('connection', socket);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      front.once('error', reject);
      front.listen(port, host, () => {
        front.off('error', reject);
        const address = front.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(options.port ?? 0);
  let listening = true;
  const dropConnections = () => {
    for (const socket of rawSockets) socket.destroy();
    for (const socket of held) socket.destroy();
    held.clear();
  };

  const server: ProxmoxServer = {
    name,
    host,
    port,
    url: `https://${host}:${port}`,
    apiUrl: `https://${host}:${port}/api2/json`,
    tokens: { full: { tokenId: full.tokenId, secret: full.secret }, readOnly: { tokenId: readOnly.tokenId, secret: readOnly.secret } },
    get nodes() {
      return cluster.nodes.map((node) => node.name);
    },
    entryNode: entry.name,
    caPem: cluster.ca.certPem,
    fingerprintOf(node) {
      const found = cluster.node(node);
      if (!found) throw new Error(`no node ${node} in ${name}`);
      return found.certificate.fingerprint;
    },
    cluster,
    guest: (vmid) => cluster.guests.get(vmid),
    setLatency(latency) {
      faults.latency = { fixedMs: latency.fixedMs ?? 0, jitterMs: latency.jitterMs ?? 0 };
    },
    failRequests: (rule) => faults.addFailure(rule),
    clearRequestFailures: () => faults.clearFailures(),
    hang(mode = 'response') {
      faults.hang = mode;
    },
    unhang() {
      faults.hang = undefined;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    async stopListening() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      dropConnections();
      await closed;
    },
    async startListening() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    createToken({ tokenId, privileges = 'full', secret, expire = 0 }) {
      const token = tokens.add({ tokenId, privileges, secret: secret ?? randomUUID(), expire });
      return { tokenId: token.tokenId, secret: token.secret };
    },
    revokeToken(tokenId) {
      if (!tokens.revoke(tokenId)) throw new Error(`no token ${tokenId}`);
    },
    async rotateCertificate(nodeName) {
      const node = cluster.node(nodeName);
      if (!node) throw new Error(`no node ${nodeName} in ${name}`);
      node.certificate = issueNodeCertificate(cluster.ca, await generateRsaKey(), node);
      if (node === entry) https.setSecureContext({ key: node.certificate.key.pem, cert: node.certificate.certPem });
      cluster.changed();
      return node.certificate.fingerprint;
    },
    async addNode(addOptions = {}) {
      return addNode(addOptions.guests ?? options.guestsPerNode ?? 10, await generateRsaKey()).name;
    },
    setNodeOnline(nodeName, online) {
      const node = cluster.node(nodeName);
      if (!node) throw new Error(`no node ${nodeName} in ${name}`);
      node.online = online;
      cluster.changed();
    },
    setGuestState(vmid, state) {
      const guest = cluster.guests.get(vmid);
      if (!guest) throw new Error(`no guest ${vmid} in ${name}`);
      if (state === 'paused' && guest.type === 'lxc') throw new Error('containers cannot be paused (an LXC suspend stops them)');
      guest.suspended = false;
      cluster.setGuestState(guest, state);
    },
    failTasks: (rule) => tasks.failNext(rule),
    setTaskDuration(ms) {
      tasks.durationMs = ms;
    },
    setConsoleHandler(handler) {
      sim.websocketHandler = handler === undefined ? consoleServers.handler : (handler ?? undefined);
    },
    consoleSessions: () => consoleServers.active(),
    rfbEvents: (vmid) => consoleServers.rfbEvents(vmid),
    async close() {
      await server.stopListening();
      consoles.closeAll();
      tasks.close();
      wss.close();
    },
  };
  return server;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_POST) {
        reject(new PveError(501, 'for data too large', undefined, 'none'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes an HTTP response onto the raw socket of an upgrade request that is refused. */
function rawSocketResponder(socket: Duplex): Responder {
  return {
    acceptGzip: false,
    send(status, reason, headers, body) {
      const lines = [`HTTP/1.1 ${status} ${reason}`, `Date: ${new Date().toUTCString()}`, ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`)];
      socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body ?? Buffer.alloc(0)]));
    },
  };
}

/**
 * An injected failure, shaped like its real source: a handler error (500) has the JSON envelope,
 * pveproxy's 595/596 carry AnyEvent::HTTP's empty body, and 502/503 come from a reverse proxy
 * in front of pveproxy (an HTML page).
 */
function sendInjectedFailure(responder: Responder, failure: { status: number; message: string }, style: ErrorStyle): void {
  if (failure.status === 502 || failure.status === 503 || failure.status === 504) {
    writeResponse(responder, failure.status, failure.message, `<html><body><h1>${failure.status} ${failure.message}</h1></body></html>\n`, 'text/html');
    return;
  }
  sendError(responder, new PveError(failure.status, failure.message, undefined, failure.status >= 590 ? 'none' : 'json'), style);
}
