import { NexusError, type AuthKeyView, type TailnetCredentials, type TailnetDevice } from '@pve-nexus/contracts';
import { contractDevices, contractKeyViews } from '../answer-fields.util.js';
import { failureOf, readAnswer } from '../http/answer.js';
import type { ControlAnswer, ControlHttp } from '../http/control-http.js';
import type { Deadline } from '../http/deadline.js';
import type { Operation } from '../http/upstream-error.js';
import { keyFieldOf, type AuthKeyRequest, type CreatedAuthKey, type TailnetBackend, type TailnetInfo } from '../tailnet-backend.js';
import { fromHeadscaleKey, fromHeadscaleNode } from './headscale.mappers.js';
import { HeadscaleCreatedPreAuthKey, HeadscaleNodeList, HeadscalePreAuthKeyList, HeadscaleUserList } from './headscale.schemas.js';

type HeadscaleCredentials = Extract<TailnetCredentials, { control: 'headscale' }>;

/** headscale's REST API (`/api/v1`, Bearer API key only). */
export class HeadscaleBackend implements TailnetBackend {
  constructor(
    private readonly credentials: HeadscaleCredentials,
    private readonly http: ControlHttp,
    private readonly now: () => number,
  ) {}

  async tailnetInfo(deadline: Deadline): Promise<TailnetInfo> {
    const nodes = await this.nodes(deadline);
    return { tailnet: this.credentials.magicDnsSuffix, deviceCount: nodes.length };
  }

  async listDevices(deadline: Deadline): Promise<TailnetDevice[]> {
    const nodes = await this.nodes(deadline);
    return contractDevices(nodes.map((node) => fromHeadscaleNode(node, this.credentials.magicDnsSuffix)), this.http.context, { what: 'list the nodes' });
  }

  async createAuthKey(body: AuthKeyRequest, deadline: Deadline): Promise<CreatedAuthKey> {
    const userId = await this.userId(deadline);
    const operation: Operation = { what: 'create a pre-auth key', badRequestField: keyFieldOf };
    // headscale takes an absolute expiry and the user's id (a uint64, as a string).
    const request = {
      user: userId,
      reusable: body.reusable,
      ephemeral: body.ephemeral,
      expiration: new Date(this.now() + body.expirySeconds * 1000).toISOString(),
      aclTags: body.tags,
    };
    const answer = await this.call('POST', '/api/v1/preauthkey', deadline, operation, request, false);
    const created = readAnswer(answer, HeadscaleCreatedPreAuthKey, this.http.context, operation).preAuthKey;
    const [view] = contractKeyViews([fromHeadscaleKey(created, this.now())], this.http.context, operation);
    return { key: created.key, view: view as AuthKeyView };
  }

  async listAuthKeys(deadline: Deadline): Promise<AuthKeyView[]> {
    const operation = { what: 'list the pre-auth keys' };
    const listed = readAnswer(await this.call('GET', '/api/v1/preauthkey', deadline, operation), HeadscalePreAuthKeyList, this.http.context, operation);
    const now = this.now();
    return contractKeyViews(listed.preAuthKeys.map((key) => fromHeadscaleKey(key, now)), this.http.context, operation);
  }

  /** headscale cannot delete a used key; expiring it is what revoking means there. */
  async revokeAuthKey(id: string, deadline: Deadline): Promise<void> {
    if (!/^\d{1,20}$/.test(id)) throw new NexusError('NOT_FOUND', `no pre-auth key ${id} on this headscale server`);
    const operation: Operation = { what: `expire the pre-auth key ${id}`, notFound: `no pre-auth key ${id} on this headscale server` };
    const failure = failureOf(await this.call('POST', '/api/v1/preauthkey/expire', deadline, operation, { id }, true), this.http.context, operation);
    if (failure) throw failure;
  }

  private async nodes(deadline: Deadline) {
    const operation = { what: 'list the nodes' };
    return readAnswer(await this.call('GET', '/api/v1/node', deadline, operation), HeadscaleNodeList, this.http.context, operation).nodes;
  }

  private async userId(deadline: Deadline): Promise<string> {
    const { user } = this.credentials;
    const operation = { what: `find the user ${user}` };
    const answer = await this.call('GET', `/api/v1/user?name=${encodeURIComponent(user)}`, deadline, operation);
    const found = readAnswer(answer, HeadscaleUserList, this.http.context, operation).users.find((candidate) => candidate.name === user);
    if (!found) throw new NexusError('NOT_FOUND', `headscale has no user '${user}': create it (headscale users create ${user}) or change the user in the tailnet settings`);
    return found.id;
  }

  private call(method: 'GET' | 'POST', path: string, deadline: Deadline, operation: Operation, body?: unknown, idempotent = method === 'GET'): Promise<ControlAnswer> {
    return this.http.send(
      {
        method,
        url: new URL(`${this.credentials.url}${path}`),
        headers: { authorization: `Bearer ${this.credentials.apiToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        idempotent,
        operation,
      },
      deadline,
    );
  }
}
