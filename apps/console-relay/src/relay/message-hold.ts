import type { RawData, WebSocket } from 'ws';

/** A ws message as one Buffer (the sockets here keep ws's default `nodebuffer` binary type). */
export function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * Keeps a WebSocket's messages until a consumer takes over. Why: ws hands each message to the
 * listeners of that moment and forgets it, several can arrive in one tick, and a socket still being
 * set up (token redemption, upstream dial, termproxy login) has nobody to hand them to yet.
 */
export class MessageHold {
  private held: Buffer[] = [];
  private closed = false;
  private wake: () => void = () => undefined;
  private readonly onMessage = (data: RawData) => {
    this.held.push(toBuffer(data));
    this.wake();
  };
  private readonly onClose = () => {
    this.closed = true;
    this.wake();
  };

  constructor(private readonly socket: WebSocket) {
    socket.on('message', this.onMessage);
    socket.once('close', this.onClose);
  }

  /** The first `length` bytes, removed from what is held; rejects when the socket closes or `timeoutMs` passes first. */
  async read(length: number, timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.heldBytes() < length) {
      if (this.closed) throw new Error('closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const all = Buffer.concat(this.held);
    this.held = all.length > length ? [all.subarray(length)] : [];
    return all.subarray(0, length);
  }

  /** Stops holding and returns what was held; the caller listens from the same tick on. */
  release(): Buffer[] {
    this.socket.off('message', this.onMessage);
    this.socket.off('close', this.onClose);
    const held = this.held;
    this.held = [];
    return held;
  }

  private heldBytes(): number {
    return this.held.reduce((sum, chunk) => sum + chunk.length, 0);
  }
}
