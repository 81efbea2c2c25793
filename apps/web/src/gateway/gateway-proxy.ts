import { NexusError, PROBLEM_CONTENT_TYPE, toProblem } from '@pve-nexus/contracts';

/** Where `/api/*` goes; read per request, default `http://127.0.0.1:8080` (the gateway's default port). */
export function gatewayUrl(): string {
  return process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
}

// Connection-scoped headers (RFC 9110 §7.6.1) never cross a proxy; `host` is the gateway's own.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const NOT_FORWARDED = [...HOP_BY_HOP, 'host', 'content-length'];
// fetch has already decoded the body, so its encoding and length no longer describe what we send on.
const NOT_RETURNED = [...HOP_BY_HOP, 'content-encoding', 'content-length'];

function without(headers: Headers, names: string[]): Headers {
  const copy = new Headers(headers);
  for (const name of names) copy.delete(name);
  return copy;
}

/**
 * Forwards one browser request to the gateway and streams its answer back unchanged, so the browser
 * only ever talks to this origin.
 *
 * A route handler rather than `rewrites()` in next.config.ts or a `proxy.ts` rewrite: config rewrites
 * are frozen into `.next/routes-manifest.json` at build time (one build could not serve another
 * gateway address), and a proxy rewrite answers every request with `x-middleware-rewrite: <gateway
 * URL>`, disclosing the private address, and a text/plain 500 when the gateway is down. Here the
 * address is read at run time and an unreachable gateway is a problem+json 502 like every other error.
 * (No WebSocket upgrades: a console stream will need its own path when that page lands.)
 */
export async function forwardToGateway(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, gatewayUrl());

  const headers = without(request.headers, NOT_FORWARDED);
  headers.set('x-forwarded-host', request.headers.get('host') ?? incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
  // The gateway keys sign-in limits on the client (it trusts this header from TRUSTED_PROXIES only).
  // Next.js records the socket's address here unless a hop in front already set the header, whose
  // last entry is then the address that hop saw: the one entry a client cannot choose.
  const client = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  if (client) headers.set('x-forwarded-for', client);
  else headers.delete('x-forwarded-for');

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      // Request bodies are small (the gateway caps them at BODY_LIMIT), so buffering keeps this simple.
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: request.signal,
    });
  } catch {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    const problem = toProblem(new NexusError('UPSTREAM_UNREACHABLE', 'The gateway cannot be reached.'), { instance: incoming.pathname });
    return Response.json(problem, { status: problem.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' } });
  }

  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: without(upstream.headers, NOT_RETURNED),
  });
}
