import { connect } from 'node:tls';
import { Agent, fetch } from 'undici';
import type { ProxmoxServer, TokenCredentials } from './proxmox-server.js';

// What the specs use to talk to the simulator the way a real client would: undici over TLS
// (certificate not verified; tests compare fingerprints instead), token in the header.

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

/** The Authorization header value for a token. */
export const tokenHeader = (token: TokenCredentials) => `PVEAPIToken=${token.tokenId}=${token.secret}`;

export interface SimResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  // Specs read many shapes and assert on what they need.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One API call; `token: null` sends no Authorization header. */
export async function api(
  server: ProxmoxServer,
  method: string,
  path: string,
  options: { token?: TokenCredentials | null; authorization?: string; form?: Record<string, string | number>; json?: unknown; signal?: AbortSignal } = {},
): Promise<SimResponse> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? server.tokens.full : options.token;
  if (options.authorization) headers.authorization = options.authorization;
  else if (token) headers.authorization = tokenHeader(token);
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(Object.entries(options.form).map(([key, value]) => [key, String(value)])).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${server.apiUrl}${path}`, { method, headers, body, dispatcher: insecure, signal: options.signal });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, statusText: res.statusText, headers: res.headers as unknown as Headers, text, json };
}

/** Polls a task until it stops; returns its final status object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function waitForTask(server: ProxmoxServer, node: string, upid: string, timeoutMs = 5_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(server, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`);
    if (res.json?.data?.status === 'stopped') return res.json.data;
    if (Date.now() > deadline) throw new Error(`task ${upid} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The SHA-256 fingerprint of the certificate a TLS server presents, as Node formats it (AB:CD:...). */
export function peerFingerprint(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}
