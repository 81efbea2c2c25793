import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthKind, CredentialKind, SimOAuthClient } from './tailscale-credentials.js';
import { renderDevice, type SimDeviceInit } from './tailscale-devices.js';
import { TailscaleFaults, type InjectedAnswer, type RateLimitRule } from './tailscale-faults.js';
import type { SimAuthKey } from './tailscale-keys.js';
import { FORBIDDEN, routeApi, type SimAnswer } from './tailscale-routes.js';
import { SimTailnet, type SimDeviceChanges } from './tailscale-tailnet.js';
import { INVALID_CREDENTIALS, tokenEndpoint } from './tailscale-token-endpoint.js';

/** Options of a simulated Tailscale API. */
export interface TailscaleApiOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** The tailnet's legacy name, accepted in `/tailnet/{tailnet}` besides `-` and its id. Default `example.com`. */
  tailnet?: string;
  /** The MagicDNS domain of its devices. Default `tail1234.ts.net`. */
  magicDnsSuffix?: string;
  /** The login of the user owning `apiToken` and (by default) the devices. Default `admin@example.com`. */
  user?: string;
  /** Tags the tailnet policy defines (auth keys may carry only these). Default `tag:server`, `tag:pve`, `tag:ci`. */
  tags?: string[];
  /** Lifetime of OAuth access tokens. Default 3600 s, as Tailscale issues them. */
  accessTokenTtlSeconds?: number;
  /** Devices to start with. */
  devices?: SimDeviceInit[];
}

/** One request the simulator received: what tests assert on (token reuse, auth scheme, retries). */
export interface LoggedTailscaleRequest {
  method: string;
  path: string;
  /** The query string with its `?`, or empty. */
  query: string;
  auth: AuthKind;
  credential: CredentialKind;
  /** The `scope` a token request asked for. */
  scope?: string | null;
  /** Null while unanswered (hanging). */
  status: number | null;
}

/** A running simulated Tailscale API v2 and its knobs. */
export interface TailscaleApi {
  /** `http://host:port`: the API origin (paths under /api/v2). */
  url: string;
  /** A full-access API access token of the tailnet's user. */
  apiToken: string;
  /** The tailnet's legacy name, its id (`T…CNTRL`) and its MagicDNS domain. */
  tailnet: { name: string; id: string; magicDnsSuffix: string };
  createApiToken(options?: { expiresInSeconds?: number }): string;
  revokeApiToken(token: string): void;
  /** An OAuth client granting `scopes` (and owning `tags`, which keys it creates must carry). */
  createOAuthClient(options: { scopes: string[]; tags?: string[] }): SimOAuthClient;
  /** Every OAuth access token issued so far stops working: the next request with one gets 401. */
  expireAccessTokens(): void;
  setAccessTokenTtl(seconds: number): void;

  /** Adds a device; the answer is its API form with `fields=all`. */
  addDevice(init: SimDeviceInit): Record<string, unknown>;
  updateDevice(deviceId: string, changes: SimDeviceChanges): Record<string, unknown>;
  /** Connects or disconnects a device (`connectedToControl`; going offline stamps `lastSeen`). */
  setOnline(deviceId: string, online: boolean): void;
  removeDevice(deviceId: string): void;
  /** The devices in their API form with `fields=all`. */
  devices(): Array<Record<string, unknown>>;
  /** The auth keys, secrets included: for asserting that a client never shows them. */
  authKeys(): SimAuthKey[];
  /** `ids`: key listings give only ids, as older versions of the API did. Default `full`. */
  setKeyListing(mode: 'full' | 'ids'): void;

  /** Answers 429 (with Retry-After) to the next matching requests, or to all of them. */
  rateLimit(rule?: RateLimitRule): void;
  clearRateLimit(): void;
  /** Answers the next matching requests with a status and body: a 5xx, or a 200 with garbage. */
  failRequests(rule: InjectedAnswer): void;
  clearFailures(): void;
  /** Delays every answer. */
  setLatency(ms: number): void;
  /** Reads requests and never answers them; `unhang()` resets the held connections. */
  hang(): void;
  unhang(): void;
  /** Every request so far, oldest first. */
  readonly requests: readonly LoggedTailscaleRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** Starts a simulated Tailscale API v2 on loopback (devices, auth keys, OAuth tokens, scopes, faults). */
export async function startTailscaleApi(options: TailscaleApiOptions = {}): Promise<TailscaleApi> {
  const tailnet = new SimTailnet(
    options.tailnet ?? 'example.com',
    options.magicDnsSuffix ?? 'tail1234.ts.net',
    options.user ?? 'admin@example.com',
    options.tags ?? ['tag:server', 'tag:pve', 'tag:ci'],
    options.accessTokenTtlSeconds ?? 3600,
  );
  for (const device of options.devices ?? []) tailnet.addDevice(device);
  const apiToken = tailnet.credentials.createApiToken();
  const faults = new TailscaleFaults();
  const requests: LoggedTailscaleRequest[] = [];
  const held = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, { status: 500, body: { message: `simulator: ${(error as Error).message}` } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    const authentication = tailnet.credentials.authenticate(request.headers.authorization);
    const entry: LoggedTailscaleRequest = { method, path: url.pathname, query: url.search, auth: authentication.kind, credential: authentication.credential, status: null };
    requests.push(entry);
    const body = await readBody(request);
    if (faults.hanging) {
      held.add(response);
      return;
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    // A client that gave up during the delay gets nothing, and uses up no fault meant for a later request.
    if (response.destroyed || request.socket.destroyed) return;
    const answer = (status: number, payload: SimAnswer | { status: number; headers: Record<string, string>; body: string }) => {
      entry.status = status;
      send(response, payload);
    };
    const fault = faults.take(url.pathname);
    if (fault) return answer(fault.status, fault);
    if (url.pathname === '/api/v2/oauth/token') {
      const issued = tokenEndpoint(method, request.headers, body, tailnet);
      entry.scope = issued.scope;
      entry.credential = 'client-secret';
      return answer(issued.status, issued);
    }
    if (!url.pathname.startsWith('/api/v2/')) return answer(404, { status: 404, body: { message: 'not found' } });
    if (!authentication.actor) {
      // Tailscale answers an OAuth client secret used as a token with 403, anything else with 401.
      const refusal = authentication.credential === 'client-secret' ? FORBIDDEN : INVALID_CREDENTIALS;
      return answer(refusal.status, refusal);
    }
    const segments = url.pathname.slice('/api/v2/'.length).split('/').map(decodeURIComponent);
    const result = routeApi({ method, segments, query: url.searchParams, body, actor: authentication.actor }, tailnet);
    return answer(result.status, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const unhang = () => {
    faults.hanging = false;
    for (const response of held) response.socket?.destroy();
    held.clear();
  };

  return {
    url: `http://${host}:${address.port}`,
    apiToken,
    tailnet: { name: tailnet.name, id: tailnet.id, magicDnsSuffix: tailnet.magicDnsSuffix },
    createApiToken: (tokenOptions = {}) => tailnet.credentials.createApiToken(tokenOptions.expiresInSeconds),
    revokeApiToken: (token) => tailnet.credentials.revokeApiToken(token),
    createOAuthClient: ({ scopes, tags = [] }) => tailnet.credentials.createOAuthClient(scopes, tags),
    expireAccessTokens: () => tailnet.credentials.expireAccessTokens(),
    setAccessTokenTtl: (seconds) => {
      tailnet.credentials.accessTokenTtlSeconds = seconds;
    },
    addDevice: (init) => renderDevice(tailnet.addDevice(init), 'all'),
    updateDevice: (deviceId, changes) => renderDevice(tailnet.updateDevice(deviceId, changes), 'all'),
    setOnline: (deviceId, online) => void tailnet.setOnline(deviceId, online),
    removeDevice: (deviceId) => tailnet.removeDevice(deviceId),
    devices: () => [...tailnet.devices.values()].map((device) => renderDevice(device, 'all')),
    authKeys: () => [...tailnet.keys.values()].map((key) => ({ ...key, tags: [...key.tags] })),
    setKeyListing: (mode) => {
      tailnet.keyListing = mode;
    },
    rateLimit: (rule = {}) => faults.rateLimit(rule),
    clearRateLimit: () => faults.clearRateLimit(),
    failRequests: (rule) => faults.inject(rule),
    clearFailures: () => faults.clearFailures(),
    setLatency: (ms) => {
      faults.latencyMs = ms;
    },
    hang: () => {
      faults.hanging = true;
    },
    unhang,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    close: async () => {
      unhang();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: SimAnswer | { status: number; headers: Record<string, string>; body: string }): void {
  const raw = 'headers' in answer;
  const body = raw ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
  const headers: Record<string, string> = raw ? { ...answer.headers } : answer.body === undefined ? {} : { 'content-type': 'application/json' };
  response.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
