import type { Actor } from './tailscale-credentials.js';
import { controlId, tailscaleSecret } from './tailscale-ids.util.js';

/** An auth key as the simulator holds it, secret included (tests check it never leaks). */
export interface SimAuthKey {
  id: string;
  key: string;
  description: string;
  created: Date;
  expires: Date;
  expirySeconds: number;
  revoked: Date | null;
  reusable: boolean;
  ephemeral: boolean;
  preauthorized: boolean;
  tags: string[];
  /** The creating user's id; empty for keys an OAuth client created (they belong to the tailnet). */
  userId: string;
}

const MAX_EXPIRY_SECONDS = 90 * 86_400;
const TAG = /^tag:[A-Za-z0-9][A-Za-z0-9-]*$/;

/** A refused creation: the API's 400 `{"message": ...}`. */
export class KeyRequestError extends Error {}

/**
 * Creates an auth key from a `POST /tailnet/{t}/keys` body, refusing what Tailscale refuses: no
 * `capabilities.devices`, an expiry beyond 90 days, a description beyond 50 letters, digits, spaces
 * and hyphens, and tags the policy does not define or (for an OAuth client) the client does not own.
 * A key an OAuth client creates belongs to the tailnet and must be tagged.
 */
export function createAuthKey(body: unknown, actor: Actor, policyTags: readonly string[]): SimAuthKey {
  const request = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (request.keyType !== undefined && request.keyType !== 'auth') throw new KeyRequestError(`keyType "${String(request.keyType)}" is not supported by this simulator`);
  const devices = (request.capabilities as { devices?: { create?: Record<string, unknown> } } | undefined)?.devices;
  if (!devices || typeof devices !== 'object') throw new KeyRequestError('capabilities.devices is required');
  const create = devices.create ?? {};
  const expirySeconds = request.expirySeconds === undefined ? MAX_EXPIRY_SECONDS : Number(request.expirySeconds);
  if (!Number.isInteger(expirySeconds) || expirySeconds < 1 || expirySeconds > MAX_EXPIRY_SECONDS) {
    throw new KeyRequestError(`expirySeconds must be between 1 and ${MAX_EXPIRY_SECONDS}`);
  }
  const description = typeof request.description === 'string' ? request.description : '';
  if (description.length > 50 || !/^[A-Za-z0-9 -]*$/.test(description)) {
    throw new KeyRequestError('description can be a maximum of 50 alphanumeric characters, hyphens and spaces');
  }
  const tags = Array.isArray(create.tags) ? create.tags.map(String) : [];
  const permitted = (tag: string) => TAG.test(tag) && policyTags.includes(tag) && (actor.type === 'user' || actor.tags.includes(tag));
  if (tags.some((tag) => !permitted(tag)) || (actor.type === 'oauth' && tags.length === 0)) {
    // Go prints a []string as [a b]: the API's own wording.
    throw new KeyRequestError(`requested tags [${tags.join(' ')}] are invalid or not permitted`);
  }
  const id = controlId('k');
  const created = new Date();
  return {
    id,
    key: tailscaleSecret('auth', id),
    description,
    created,
    expires: new Date(created.getTime() + expirySeconds * 1000),
    expirySeconds,
    revoked: null,
    reusable: create.reusable === true,
    ephemeral: create.ephemeral === true,
    preauthorized: create.preauthorized === true,
    tags,
    userId: actor.type === 'user' ? actor.userId : '',
  };
}

/** Whether the key still works: not revoked, not expired. */
export function keyIsValid(key: SimAuthKey, now = Date.now()): boolean {
  return key.revoked === null && key.expires.getTime() > now;
}

/** A key as the API answers it: the secret only when `withSecret` (the creation's answer). */
export function renderKey(key: SimAuthKey, withSecret = false): Record<string, unknown> {
  return {
    id: key.id,
    ...(withSecret ? { key: key.key } : {}),
    keyType: 'auth',
    description: key.description,
    expirySeconds: key.expirySeconds,
    created: key.created.toISOString(),
    expires: key.expires.toISOString(),
    ...(key.revoked ? { revoked: key.revoked.toISOString() } : {}),
    invalid: !keyIsValid(key),
    capabilities: { devices: { create: { reusable: key.reusable, ephemeral: key.ephemeral, preauthorized: key.preauthorized, tags: key.tags } } },
    userId: key.userId,
  };
}
