import type { Actor } from './tailscale-credentials.js';
import { renderDevice } from './tailscale-devices.js';
import { createAuthKey, KeyRequestError, keyIsValid, renderKey } from './tailscale-keys.js';
import { scopeGranted } from './tailscale-scopes.js';
import type { SimTailnet } from './tailscale-tailnet.js';

/** A simulated API answer. */
export interface SimAnswer {
  status: number;
  body?: unknown;
}

/** An authenticated API request (the token endpoint is handled before routing). */
export interface SimRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: string;
  actor: Actor;
}

interface Route {
  method: string;
  /** Path after /api/v2, `:name` for parameters. */
  pattern: string;
  /** The OAuth scope the endpoint requires (its OpenAPI description). */
  scope: string;
  handle(request: SimRequest, params: Record<string, string>, tailnet: SimTailnet): SimAnswer;
}

const message = (status: number, text: string): SimAnswer => ({ status, body: { message: text } });
const NOT_FOUND = message(404, 'not found');
/** What the API answers a credential without the scope (an OAuth client secret used as a token gets it too). */
export const FORBIDDEN = message(403, 'calling actor does not have enough permissions to perform this function');

const routes: Route[] = [
  {
    method: 'GET', pattern: 'tailnet/:tailnet/devices', scope: 'devices:core:read',
    handle: (request, _params, tailnet) => ({ status: 200, body: { devices: [...tailnet.devices.values()].map((device) => renderDevice(device, request.query.get('fields'))) } }),
  },
  {
    method: 'GET', pattern: 'device/:deviceId', scope: 'devices:core:read',
    handle: (request, params, tailnet) => {
      const device = tailnet.device(params.deviceId ?? '');
      return device ? { status: 200, body: renderDevice(device, request.query.get('fields')) } : NOT_FOUND;
    },
  },
  {
    method: 'GET', pattern: 'tailnet/:tailnet/keys', scope: 'auth_keys:read',
    handle: (request, _params, tailnet) => {
      // Without all=true a user sees its own keys and an OAuth client the tailnet's; only active keys are listed.
      const all = request.query.get('all') === 'true';
      const owner = request.actor.type === 'user' ? request.actor.userId : '';
      const keys = [...tailnet.keys.values()].filter((key) => keyIsValid(key) && (all || key.userId === owner));
      return { status: 200, body: { keys: keys.map((key) => (tailnet.keyListing === 'ids' ? { id: key.id } : renderKey(key))) } };
    },
  },
  {
    method: 'POST', pattern: 'tailnet/:tailnet/keys', scope: 'auth_keys',
    handle: (request, _params, tailnet) => {
      let body: unknown;
      try {
        body = request.body ? JSON.parse(request.body) : {};
      } catch {
        return message(400, 'invalid JSON in request body');
      }
      try {
        const key = createAuthKey(body, request.actor, tailnet.policyTags);
        tailnet.keys.set(key.id, key);
        return { status: 200, body: renderKey(key, true) };
      } catch (error) {
        if (error instanceof KeyRequestError) return message(400, error.message);
        throw error;
      }
    },
  },
  {
    method: 'GET', pattern: 'tailnet/:tailnet/keys/:keyId', scope: 'auth_keys:read',
    handle: (_request, params, tailnet) => {
      const key = tailnet.keys.get(params.keyId ?? '');
      return key ? { status: 200, body: renderKey(key) } : NOT_FOUND;
    },
  },
  {
    method: 'DELETE', pattern: 'tailnet/:tailnet/keys/:keyId', scope: 'auth_keys',
    handle: (_request, params, tailnet) => {
      const key = tailnet.keys.get(params.keyId ?? '');
      if (!key || key.revoked) return NOT_FOUND;
      key.revoked = new Date();
      return { status: 200 };
    },
  },
];

/** Routes an authenticated request under /api/v2: 404 for unknown paths and tailnets, 403 without the scope. */
export function routeApi(request: SimRequest, tailnet: SimTailnet): SimAnswer {
  for (const route of routes) {
    const params = match(route.pattern, request.segments);
    if (!params || route.method !== request.method) continue;
    if (params.tailnet !== undefined && !tailnet.matches(params.tailnet)) return NOT_FOUND;
    if (!scopeGranted(request.actor.scopes, route.scope)) return FORBIDDEN;
    return route.handle(request, params, tailnet);
  }
  return NOT_FOUND;
}

function match(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}
