import type { z } from 'zod';
import { NexusError, type AuthKeyView, type TailnetCredentials, type TailnetDevice } from '@pve-nexus/contracts';
import { contractDevices, contractKeyViews } from '../answer-fields.util.js';
import { failureOf, readAnswer } from '../http/answer.js';
import type { ControlAnswer, ControlHttp } from '../http/control-http.js';
import type { Deadline } from '../http/deadline.js';
import { unexpectedAnswer, type Operation } from '../http/upstream-error.js';
import { keyFieldOf, type AuthKeyRequest, type CreatedAuthKey, type TailnetBackend, type TailnetInfo } from '../tailnet-backend.js';
import type { OAuthTokenSource } from './oauth-token.source.js';
import { fromTailscaleDevice, fromTailscaleKey, isAuthKey, tailnetDomainOf } from './tailscale.mappers.js';
import { TailscaleDeviceList, TailscaleKey, TailscaleKeyList } from './tailscale.schemas.js';

type TailscaleCredentials = Extract<TailnetCredentials, { control: 'tailscale' }>;

/** The OAuth scope each operation asks for (Tailscale's granular scopes; a write scope implies its read). */
export const TAILSCALE_SCOPES = {
  devices: 'devices:core:read',
  readKeys: 'auth_keys:read',
  writeKeys: 'auth_keys',
} as const;

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  scope: string;
  body?: unknown;
  idempotent: boolean;
  operation: Operation;
}

/** Keys fetched at once when a listing gives only ids. */
const KEY_DETAIL_CONCURRENCY = 4;

/** Tailscale's API v2 (`https://api.tailscale.com/api/v2`), with an API access token or an OAuth client. */
export class TailscaleBackend implements TailnetBackend {
  constructor(
    private readonly credentials: TailscaleCredentials,
    private readonly apiUrl: string,
    private readonly http: ControlHttp,
    private readonly tokens: OAuthTokenSource | null,
    private readonly now: () => number,
  ) {}

  async tailnetInfo(deadline: Deadline): Promise<TailnetInfo> {
    const devices = await this.rawDevices(deadline);
    return { tailnet: tailnetDomainOf(devices) ?? this.credentials.tailnet, deviceCount: devices.length };
  }

  async listDevices(deadline: Deadline): Promise<TailnetDevice[]> {
    return contractDevices((await this.rawDevices(deadline)).map(fromTailscaleDevice), this.http.context, this.listDevicesOperation());
  }

  async createAuthKey(body: AuthKeyRequest, deadline: Deadline): Promise<CreatedAuthKey> {
    const operation: Operation = { what: 'create an auth key', permission: this.permission(TAILSCALE_SCOPES.writeKeys), badRequestField: keyFieldOf };
    const request = {
      capabilities: { devices: { create: { reusable: body.reusable, ephemeral: body.ephemeral, preauthorized: body.preauthorized, tags: body.tags } } },
      expirySeconds: body.expirySeconds,
      description: body.description,
    };
    // Not idempotent: a retried creation could mint a second key.
    const created = readAnswer(await this.call({ method: 'POST', path: `${this.tailnetPath()}/keys`, scope: TAILSCALE_SCOPES.writeKeys, body: request, idempotent: false, operation }, deadline), TailscaleKey, this.http.context, operation);
    if (!created.key) throw unexpectedAnswer(this.http.context, operation, 'the answer holds no key');
    const [view] = contractKeyViews([fromTailscaleKey(created, this.now())], this.http.context, operation);
    return { key: created.key, view: view as AuthKeyView };
  }

  async listAuthKeys(deadline: Deadline): Promise<AuthKeyView[]> {
    const operation: Operation = { what: 'list the auth keys', permission: this.permission(TAILSCALE_SCOPES.readKeys), notFound: this.tailnetNotFound() };
    const listed = readAnswer(await this.call({ method: 'GET', path: `${this.tailnetPath()}/keys`, scope: TAILSCALE_SCOPES.readKeys, idempotent: true, operation }, deadline), TailscaleKeyList, this.http.context, operation);
    const keys = await this.withDetails(listed.keys, deadline);
    const now = this.now();
    return contractKeyViews(keys.filter(isAuthKey).map((key) => fromTailscaleKey(key, now)), this.http.context, operation);
  }

  async revokeAuthKey(id: string, deadline: Deadline): Promise<void> {
    const operation: Operation = { what: `revoke the auth key ${id}`, permission: this.permission(TAILSCALE_SCOPES.writeKeys), notFound: `no auth key ${id} in this tailnet` };
    const answer = await this.call({ method: 'DELETE', path: `${this.tailnetPath()}/keys/${keySegment(id)}`, scope: TAILSCALE_SCOPES.writeKeys, idempotent: true, operation }, deadline);
    const failure = failureOf(answer, this.http.context, operation);
    if (failure) throw failure;
  }

  /** `fields=all`: the documented full device, so a field moving out of the default set does not drop out. */
  private async rawDevices(deadline: Deadline) {
    const operation = this.listDevicesOperation();
    const answer = await this.call({ method: 'GET', path: `${this.tailnetPath()}/devices?fields=all`, scope: TAILSCALE_SCOPES.devices, idempotent: true, operation }, deadline);
    return readAnswer(answer, TailscaleDeviceList, this.http.context, operation).devices;
  }

  private listDevicesOperation(): Operation {
    return { what: 'list the devices', permission: this.permission(TAILSCALE_SCOPES.devices), notFound: this.tailnetNotFound() };
  }

  /** Older versions of the API list keys by id only: those are read one by one. */
  private async withDetails(keys: Array<z.output<typeof TailscaleKey>>, deadline: Deadline) {
    const detailed: Array<z.output<typeof TailscaleKey>> = [];
    for (let start = 0; start < keys.length; start += KEY_DETAIL_CONCURRENCY) {
      const batch = keys.slice(start, start + KEY_DETAIL_CONCURRENCY);
      detailed.push(...(await Promise.all(batch.map((key) => (key.keyType === undefined && key.capabilities === undefined ? this.keyDetail(key.id, deadline) : key)))));
    }
    return detailed;
  }

  private async keyDetail(id: string, deadline: Deadline) {
    const operation: Operation = { what: `read the auth key ${id}`, permission: this.permission(TAILSCALE_SCOPES.readKeys), notFound: `no auth key ${id} in this tailnet` };
    return readAnswer(await this.call({ method: 'GET', path: `${this.tailnetPath()}/keys/${keySegment(id)}`, scope: TAILSCALE_SCOPES.readKeys, idempotent: true, operation }, deadline), TailscaleKey, this.http.context, operation);
  }

  /** Sends with the credentials; an OAuth token the API refuses (401) is renewed once and the request sent again. */
  private async call(call: Call, deadline: Deadline): Promise<ControlAnswer> {
    const send = (authorization: string) =>
      this.http.send(
        {
          method: call.method,
          url: new URL(`/api/v2${call.path}`, this.apiUrl),
          headers: { authorization, ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
          idempotent: call.idempotent,
          operation: call.operation,
        },
        deadline,
      );
    if (!this.tokens) return send(`Bearer ${(this.credentials as Extract<TailscaleCredentials, { method: 'api_token' }>).apiToken}`);
    const token = await this.tokens.token(call.scope, deadline);
    const answer = await send(`Bearer ${token}`);
    if (answer.status !== 401) return answer;
    return send(`Bearer ${await this.tokens.token(call.scope, deadline, token)}`);
  }

  private tailnetPath(): string {
    const { tailnet } = this.credentials;
    // URL resolution would turn `..` into the parent path: /tailnet/../devices is not this tailnet's.
    if (tailnet === '.' || tailnet === '..') throw new NexusError('NOT_FOUND', this.tailnetNotFound());
    return `/tailnet/${encodeURIComponent(tailnet)}`;
  }

  private tailnetNotFound(): string {
    return `Tailscale has no tailnet '${this.credentials.tailnet}' these credentials can see`;
  }

  private permission(scope: string): string {
    return this.tokens ? `the OAuth scope ${scope}` : `a permission of the access token's user (an admin role)`;
  }
}

/**
 * A key id as a path segment. Key ids are letters and digits (`k123456CNTRL`); anything else is no
 * key, and must not reach the URL: `..` would make `DELETE …/keys/..` a DELETE of the tailnet.
 */
function keySegment(id: string): string {
  if (!/^[A-Za-z0-9]{1,100}$/.test(id)) throw new NexusError('NOT_FOUND', `no auth key ${id.slice(0, 100)} in this tailnet`);
  return id;
}
