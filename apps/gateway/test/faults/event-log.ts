import { SseReader, type SseEvent } from '../sse-reader.js';

/**
 * A live-event client that behaves like the web's EventSource: when its stream ends it opens a new
 * one with Last-Event-ID. Keeps every event received on any of its streams, and how often it had to
 * reconnect.
 */
export class EventLog {
  readonly readers: SseReader[] = [];
  reconnects = 0;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async open(url: string, token: string): Promise<EventLog> {
    const log = new EventLog(url, token);
    log.readers.push(await SseReader.open(url, token));
    void log.keepOpen();
    return log;
  }

  get events(): SseEvent[] {
    return this.readers.flatMap((reader) => reader.events);
  }

  /** Resolves once an event matching `match` arrived on any stream; undefined while none has. */
  find(match: (event: SseEvent) => boolean): SseEvent | undefined {
    return this.events.find(match);
  }

  close(): void {
    this.closed = true;
    for (const reader of this.readers) reader.close();
  }

  private async keepOpen(): Promise<void> {
    while (!this.closed) {
      await this.readers.at(-1)!.ended;
      if (this.closed) return;
      const last = this.events.at(-1)?.id;
      // Retry until the gateway answers (it may itself be waiting for the bus), as EventSource does.
      for (;;) {
        if (this.closed) return;
        const reader = await SseReader.open(this.url, this.token, last ? { 'last-event-id': last } : {}).catch(() => undefined);
        if (reader?.status === 200) {
          this.reconnects++;
          this.readers.push(reader);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
