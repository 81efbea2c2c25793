import WebSocket from 'ws';
import type { ProxmoxServer } from './proxmox-server.js';
import { tokenHeader } from './sim-client.test-util.js';

// How the console specs reach vncwebsocket: wss with the token header, certificate not verified,
// subprotocol 'binary' (noVNC and xterm.js both ask for it).

export interface OpenedSocket {
  socket?: WebSocket;
  status?: number;
  message?: string;
}

export function openConsoleSocket(server: ProxmoxServer, path: string): Promise<OpenedSocket> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`wss://${server.host}:${server.port}/api2/json${path}`, ['binary'], {
      headers: { authorization: tokenHeader(server.tokens.full) },
      rejectUnauthorized: false,
    });
    socket.on('open', () => resolve({ socket }));
    socket.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode, message: res.statusMessage }));
    socket.on('error', (error) => resolve({ message: error.message }));
  });
}

/** Reads a WebSocket's binary messages as one byte stream (RFB ignores message boundaries). */
export class ByteStream {
  private buffer: Buffer = Buffer.alloc(0);
  private wake?: () => void;
  closed = false;

  constructor(socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  get available(): number {
    return this.buffer.length;
  }

  /** Exactly `n` bytes; rejects when the socket closes first or after `timeoutMs`. */
  async read(n: number, timeoutMs = 5_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < n) {
      if (this.closed) throw new Error(`socket closed after ${this.buffer.length} of ${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes (have ${this.buffer.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Everything until the socket closes. */
  async rest(timeoutMs = 5_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const out = this.buffer;
    this.buffer = Buffer.alloc(0);
    return out;
  }

  /** Text messages until `predicate` holds for the accumulated text. */
  async readTextUntil(predicate: (text: string) => boolean, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.buffer.toString('utf8'))) {
      if (this.closed || Date.now() > deadline) throw new Error(`no match in ${JSON.stringify(this.buffer.toString('utf8'))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const out = this.buffer.toString('utf8');
    this.buffer = Buffer.alloc(0);
    return out;
  }
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
