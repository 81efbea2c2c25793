import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleCloseCode } from '@pve-nexus/contracts';
import { connectRelay, RelayRefusal, rfbHandshake, startOtlpReceiver, waitFor, type OtlpReceiver } from '@pve-nexus/testing';
import { startRelayFixture, type RelayFixture } from './relay-fixture.js';

// One-time tokens across two relay replicas: redeemed once, on either, and refused before any
// Proxmox connection when replayed, expired or past the ticket's accept window. Spans are
// exported, to check that none holds a secret.

const SPAN_KIND_CLIENT = 3;

describe('console tokens', () => {
  let f: RelayFixture;
  let collector: OtlpReceiver;
  const secrets: string[] = [];
  const mint = async (request: Parameters<RelayFixture['mint']>[0] = {}) => {
    const minted = await f.mint(request);
    // The ticket travels URL-encoded upstream: its longest alphanumeric run is found either way.
    const ticketRun = minted.grant.ticket.match(/[A-Za-z0-9]+/g)!.sort((a, b) => b.length - a.length)[0]!;
    secrets.push(minted.token, ticketRun, minted.password!);
    return minted;
  };
  /** Open simulator consoles on a ticket's port: what the relay connected upstream. */
  const upstreamsOn = (port: number) => f.pve.consoleSessions().filter((console) => console.port === port).length;

  beforeAll(async () => {
    collector = await startOtlpReceiver();
    f = await startRelayFixture({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesEndpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });
  afterAll(async () => {
    await f?.close();
    await collector?.close();
  });

  it.each([0, 1])('redeems a token on replica %i and refuses its replay on the other before dialing Proxmox', async (first) => {
    const { token, grant, password } = await mint();
    const session = await connectRelay(f.stack.relayUrls[first]!, token);
    expect(session.socket.protocol).toBe('pve-nexus.console.v1');
    await expect(rfbHandshake(session, password!)).resolves.toMatchObject({ width: 640, height: 400, name: f.vms[0]!.name });

    const replay = await connectRelay(f.stack.relayUrls[1 - first]!, token);
    expect(await replay.closed).toEqual({ code: ConsoleCloseCode.TOKEN_REFUSED, reason: 'console token refused' });
    expect(upstreamsOn(grant.port)).toBe(1);
    session.socket.close();
    expect((await session.closed).code).toBe(1005);
  });

  it('lets exactly one of two simultaneous redemptions on different replicas through', async () => {
    const { token, grant } = await mint();
    const attempts = await Promise.all(f.stack.relayUrls.map((url) => connectRelay(url, token)));
    // The winner's relay sends RFB's ProtocolVersion; the loser is closed with TOKEN_REFUSED.
    const outcomes = await Promise.all(attempts.map((attempt) => Promise.race([attempt.stream.read(12).then(() => 'relayed'), attempt.closed.then(({ code }) => code)])));
    expect(outcomes.sort()).toEqual([ConsoleCloseCode.TOKEN_REFUSED, 'relayed']);
    expect(upstreamsOn(grant.port)).toBe(1);
    for (const attempt of attempts) attempt.socket.close();
  });

  it('refuses an expired token, a ticket past its accept window and no token at all, with no upstream connection', async () => {
    const expired = await mint({ ttlMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await mint({ acceptBy: Date.now() - 1 });
    for (const [token, reason] of [[expired.token, 'console token refused'], [late.token, 'console token expired'], [undefined, 'console token refused']] as const) {
      const attempt = await connectRelay(f.stack.relayUrls[0]!, token);
      expect(await attempt.closed).toEqual({ code: ConsoleCloseCode.TOKEN_REFUSED, reason });
    }
    expect(upstreamsOn(expired.grant.port) + upstreamsOn(late.grant.port)).toBe(0);
  });

  it('refuses pages of other origins before the upgrade, and accepts the web UI\'s and non-browser clients', async () => {
    const { token } = await mint();
    await expect(connectRelay(f.stack.relayUrls[0]!, token, { origin: 'https://evil.example' })).rejects.toEqual(new RelayRefusal(403));
    // The refused upgrade did not spend the token.
    const allowed = await connectRelay(f.stack.relayUrls[0]!, token, { origin: 'http://localhost:3000' });
    await allowed.stream.read(12);
    allowed.socket.close();
  });

  it('counts sessions, bytes and refusals in /metrics', async () => {
    const metrics = await (await fetch(`${f.stack.relays[0]!.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/nexus_console_sessions_active\{[^}]*\} \d/);
    expect(metrics).toMatch(/nexus_console_bytes_total\{[^}]*direction="out"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/nexus_console_refused_total\{[^}]*reason="token"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/nexus_console_refused_total\{[^}]*reason="origin"[^}]*\} 1/);
    expect(metrics).toMatch(/nexus_console_session_duration_seconds_count\{[^}]*protocol="vnc"[^}]*\} [1-9]/);
  });

  it('puts no token, ticket or VNC password in any span, the upstream WebSocket request\'s included', async () => {
    await waitFor('the relay\'s upstream request span', async () => collector.spans.some((span) => span.service === 'console-relay' && span.kind === SPAN_KIND_CLIENT && JSON.stringify(span).includes('vncwebsocket')));
    const exported = JSON.stringify(collector.spans);
    for (const secret of secrets) expect(exported).not.toContain(secret);
  });
});
