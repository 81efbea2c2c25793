import { NexusError, type FieldIssue } from '@pve-nexus/contracts';
import { redact } from './redact.util.js';

/** Who is being called, and the secrets no message about it may contain. */
export interface UpstreamContext {
  /** How messages name the control server: `Tailscale` or `headscale`. */
  control: string;
  secrets: readonly string[];
}

/** What a failed request was for, so its error can say so. */
export interface Operation {
  /** A phrase such as `list the devices`. */
  what: string;
  /** The permission it needs, named in a 403 (an OAuth scope, or a role). */
  permission?: string;
  /** A 404 means this thing does not exist (NOT_FOUND with this message). */
  notFound?: string;
  /** A 400 is the caller's input: the field it is reported on, from the control server's message. */
  badRequestField?: (message: string) => string;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;
/** Failures after which nothing reached the server, so even a creation may be sent again. */
const NOTHING_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures of a request that may have reached the server: retried only when repeating it is harmless. */
const MAYBE_SENT = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The error that carries the system or undici code of a failed request (fetch-style errors wrap it in `cause`). */
function codedError(error: unknown): { code: string; message: string } | undefined {
  for (let current = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : '' };
  }
  return undefined;
}

/** The system or undici error code of a failed request, looking through `cause`. */
export function errorCode(error: unknown): string | undefined {
  return codedError(error)?.code;
}

export function isRetryableNetworkFailure(error: unknown, idempotent: boolean): boolean {
  const code = errorCode(error);
  if (!code) return false;
  return NOTHING_SENT.has(code) || (idempotent && MAYBE_SENT.has(code));
}

/** The `message` a control server put in its error body (JSON `message`, OAuth `error_description`, or plain text). */
export function upstreamMessage(text: string, secrets: readonly string[]): string {
  let message = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    if (json && typeof json === 'object') {
      const field = [json.message, json.error_description, json.error].find((value) => typeof value === 'string');
      message = typeof field === 'string' ? field : '';
    }
  } catch {
    // Not JSON (headscale answers 401 with text/plain "Unauthorized"): the text itself.
  }
  return redact(message.split('\n')[0] ?? '', secrets);
}

const quoted = (message: string) => (message ? ` ("${message}")` : '');

export function timeoutError(context: UpstreamContext, timeoutMs: number): NexusError {
  return new NexusError('TIMEOUT', `${context.control} did not answer within ${formatSeconds(timeoutMs)}; try again in a moment`);
}

export function rateLimitedError(context: UpstreamContext, retryAfterSeconds: number | undefined): NexusError {
  const when = retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`;
  return new NexusError('RATE_LIMITED', `${context.control} is rate limiting this tailnet's requests; try again ${when}`, undefined, retryAfterSeconds);
}

export function unexpectedAnswer(context: UpstreamContext, operation: Pick<Operation, 'what'>, detail: string): NexusError {
  return new NexusError('UPSTREAM_UNREACHABLE', `unexpected answer from ${context.control} when trying to ${operation.what}: ${redact(detail, context.secrets)}`);
}

/** A request that got no HTTP answer: refused, unresolvable, TLS, broken connection. */
export function networkError(error: unknown, context: UpstreamContext, origin: string): NexusError {
  const coded = codedError(error);
  const code = coded?.code ?? '';
  const detail = redact(coded?.message || (error instanceof Error ? error.message : String(error)), context.secrets);
  let message: string;
  if (code === 'ECONNREFUSED') message = `${origin} refused the connection`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') message = `cannot resolve the host name of ${origin}`;
  else if (TLS_CODES.test(code)) message = `TLS with ${origin} failed: ${detail}`;
  else message = `${origin} is unreachable: ${detail || code}`;
  return new NexusError('UPSTREAM_UNREACHABLE', `${context.control}: ${message}`);
}

/** A 5xx answer, after the retries it was given. */
export function serverError(status: number, text: string, context: UpstreamContext, operation: Pick<Operation, 'what'>): NexusError {
  const message = upstreamMessage(text, context.secrets);
  return new NexusError('UPSTREAM_UNREACHABLE', `${context.control} failed to ${operation.what} (HTTP ${status}${message ? `: ${message}` : ''}); try again later`);
}

/** The error of a 4xx or 5xx answer that is not retried (429 excepted: see {@link rateLimitedError}). */
export function statusError(status: number, text: string, context: UpstreamContext, operation: Operation): NexusError {
  const message = upstreamMessage(text, context.secrets);
  if (status === 401) return new NexusError('UPSTREAM_AUTH', `the control server refused the credentials (${context.control} answered 401${message ? `: ${message}` : ''})`);
  if (status === 403) {
    const lacking = operation.permission ? `: the credentials lack ${operation.permission}` : ': the credentials lack a permission';
    return new NexusError('UPSTREAM_AUTH', `${context.control} refused to ${operation.what}${lacking}${quoted(message)}`);
  }
  if (status === 404 && operation.notFound) return new NexusError('NOT_FOUND', operation.notFound);
  if (status === 400 && operation.badRequestField) {
    const issue: FieldIssue = { path: operation.badRequestField(message), message: message || `${context.control} refused the value` };
    return new NexusError('VALIDATION', `${context.control} refused to ${operation.what}${quoted(message)}`, [issue]);
  }
  if (status >= 500) return serverError(status, text, context, operation);
  return new NexusError('UPSTREAM_UNREACHABLE', `${context.control} answered HTTP ${status} when asked to ${operation.what}${quoted(message)}`);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
