// Every call of the console goes through here: one place that adds the bearer token, validates each
// answer against the contract schema it should match (the gateway is another process, possibly of
// another version) and turns every failure into an ApiError with the problem+json `detail`.
import type { ZodType } from 'zod';
import { ApiError } from './api-error';

/** The gateway's API as the browser sees it: the web server forwards `/api/*` to the gateway. */
export const API_BASE = '/api/v1';

/** Give up on one request after this long unless the request says otherwise; default 20 s. */
export const DEFAULT_TIMEOUT_MS = 20_000;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API call. `T` is what the caller gets: the parsed answer, or `void` for 204 answers. */
export interface ApiRequest<T> {
  method: HttpMethod;
  /** Below {@link API_BASE}, starting with `/`: `/tenants/…/members`. */
  path: string;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is with its own content type, instead of `body` (a CSV file). */
  rawBody?: { contentType: string; text: string };
  /** `text`: the answer is read as text and checked against `response` as a string (a CSV export); default `json`. */
  responseFormat?: 'json' | 'text';
  /** The contract schema of the answer; `null` when the answer is 204 No Content. */
  response: ZodType<T> | null;
  signal?: AbortSignal;
  /** Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Sends one request: how pages call the API, without knowing about tokens. */
export type Send = <T>(request: ApiRequest<T>) => Promise<T>;

/** `/a/{id}` with each part encoded, so that no id can change the path. */
export function apiPath(strings: TemplateStringsArray, ...parts: string[]): string {
  return strings.reduce((path, piece, index) => path + piece + (index < parts.length ? encodeURIComponent(parts[index]!) : ''), '');
}

function urlOf(request: ApiRequest<unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.size > 0 ? `?${params}` : '';
  return `${API_BASE}${request.path}${search}`;
}

/**
 * Sends one request with `accessToken` (if any) and returns the validated answer.
 * @throws ApiError for every failure; an abort by `request.signal` is rethrown as is.
 */
export async function sendRequest<T>(request: ApiRequest<T>, accessToken?: string): Promise<T> {
  const asText = request.responseFormat === 'text';
  const headers: Record<string, string> = { accept: asText ? 'text/*, application/problem+json' : 'application/json, application/problem+json' };
  if (request.rawBody) headers['content-type'] = request.rawBody.contentType;
  else if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const timeout = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let response: Response;
  try {
    response = await fetch(urlOf(request), {
      method: request.method,
      headers,
      body: request.rawBody ? request.rawBody.text : request.body === undefined ? undefined : JSON.stringify(request.body),
      cache: 'no-store',
      credentials: 'same-origin',
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    if (timeout.aborted) throw new ApiError(0, 'TIMEOUT', 'The server took too long to answer. Try again.');
    throw ApiError.network();
  }

  const text = await response.text().catch(() => '');
  let body: unknown;
  if (asText && response.ok) {
    body = text;
  } else {
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) throw ApiError.fromResponse(response, body);
  if (request.response === null) return undefined as T;

  const parsed = request.response.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'INVALID_RESPONSE', 'The server answered in an unexpected format. Reload the page; if it persists, the console and the gateway may be of different versions.');
  }
  return parsed.data;
}
