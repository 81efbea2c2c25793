// A plain-fetch client of the gateway's Server-Sent Events, shared by the live-update tests.
import { expect } from '@jest/globals';

/** One SSE frame as received: its `id:` (the stream sequence), `event:` (the kind) and parsed `data:`. */
export interface SseEvent {
  id: string;
  event: string;
  // Tests read several event shapes; each assertion narrows what it looks at.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/** Parses frames as they arrive and lets a test wait for one. */
export class SseReader {
  readonly events: SseEvent[] = [];
  /** Resolves when the stream ends: closed by the gateway, dropped, or {@link close}d. */
  readonly ended: Promise<void>;
  private endedNow: () => void = () => undefined;
  private waiters: (() => void)[] = [];
  private constructor(
    readonly status: number,
    private readonly abort: AbortController,
  ) {
    this.ended = new Promise((resolve) => (this.endedNow = resolve));
  }

  /** Opens the stream and resolves once the gateway's first bytes arrived (its consumer exists). */
  static async open(url: string, token: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const reader = new SseReader(res.status, abort);
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      reader.endedNow();
      return reader;
    }
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const connected = new Promise<void>((resolve) => reader.waiters.push(resolve));
    void reader.pump(res.body);
    await connected;
    return reader;
  }

  /** Waits until an event matching `match` arrives (or was already received). */
  async next(match: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => [e.id, e.event, e.data.data?.status]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (fields.has('data')) this.events.push({ id: fields.get('id') ?? '', event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data')!) });
          const waiters = this.waiters;
          this.waiters = [];
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by close(), or the connection dropped
    } finally {
      this.endedNow();
    }
  }
}
