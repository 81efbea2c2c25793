import { gzipSync } from 'node:zlib';
import type { PveError } from './pve-error.js';

/**
 * How errors carry their message. pve-http-server before 5.2 put it only in the status line
 * (JSON errors are `{"data":null}`, a 401 has no body at all); its 5.2 changelog adds "return
 * error messages from the API also for the json formatter" (a `message` member) and "add error
 * message directly into the HTTP body if it's empty". A client must read the status line to work
 * with both.
 */
export type ErrorStyle = 'status-line' | 'status-line-and-body';

/** Where a response goes: a normal HTTP response, or the raw socket of an upgrade request. */
export interface Responder {
  readonly acceptGzip: boolean;
  send(status: number, reason: string, headers: Record<string, string>, body?: Buffer): void;
}

const gzipCache = new Map<string, Buffer>();

/**
 * Writes a response the way pve-http-server's `response` does: its Server header and no-cache
 * headers, gzip for bodies over 1 KiB when the client accepts it, and `Connection: close` after
 * any status >= 400 (pveproxy drops keep-alive on errors, so clients must not reuse the socket).
 */
export function writeResponse(responder: Responder, status: number, reason: string, body?: string, contentType?: string): void {
  const date = new Date().toUTCString();
  const headers: Record<string, string> = {
    'Cache-Control': 'max-age=0',
    Expires: date,
    Pragma: 'no-cache',
    Server: 'pve-api-daemon/3.0',
  };
  if (contentType) headers['Content-Type'] = contentType;
  if (status >= 400) headers.Connection = 'close';
  let payload: Buffer | undefined;
  if (body) {
    if (responder.acceptGzip && body.length > 1024) {
      payload = gzipCache.get(body);
      if (!payload) {
        payload = gzipSync(body);
        if (gzipCache.size > 64) gzipCache.clear();
        gzipCache.set(body, payload);
      }
      headers['Content-Encoding'] = 'gzip';
    } else {
      payload = Buffer.from(body);
    }
    headers['Content-Length'] = String(payload.length);
  } else {
    headers['Content-Length'] = '0';
  }
  // The status line carries only the first line of a message, like `($msg) = $msg =~ m/^(.*)$/m`.
  const firstLine = reason.split('\n')[0] ?? '';
  responder.send(status, firstLine, headers, payload);
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** A successful answer: `{"data": ...}` (plus `total` where the method sets it, like task lists). */
export function sendData(responder: Responder, data: unknown, extra?: { total?: number }): void {
  const envelope: Record<string, unknown> = { data: data ?? null };
  if (extra?.total) envelope.total = extra.total;
  writeResponse(responder, 200, 'OK', JSON.stringify(envelope), JSON_TYPE);
}

/** A pre-serialized success body (cached views). */
export function sendRawJson(responder: Responder, json: string): void {
  writeResponse(responder, 200, 'OK', json, JSON_TYPE);
}

/** An error, in the chosen style. */
export function sendError(responder: Responder, error: PveError, style: ErrorStyle): void {
  if (error.body === 'none') {
    // Errors before any formatter ran (authentication, unparsable URIs): no Content-Type, and
    // no body unless the newer server fills empty bodies with the message.
    writeResponse(responder, error.status, error.message, style === 'status-line-and-body' ? `${error.message}\n` : undefined);
    return;
  }
  const envelope: Record<string, unknown> = { data: null };
  if (error.errors) envelope.errors = error.errors;
  if (style === 'status-line-and-body') envelope.message = `${error.message}\n`;
  writeResponse(responder, error.status, error.message, JSON.stringify(envelope), JSON_TYPE);
}
