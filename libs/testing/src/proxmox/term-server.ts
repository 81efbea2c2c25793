import type { WebSocket } from 'ws';

// The server side of Proxmox's termproxy (pve-xtermjs), behind the same vncwebsocket upgrade.
// From pve-xtermjs (README, src/www/main.js):
// - the client's first message is `<user>:<ticket>\n`; termproxy checks the ticket for
//   `--path`/`--perm` (e.g. /vms/101 VM.Console) and answers "OK" (what follows "OK" in that
//   first message is already terminal output), or drops the connection;
// - then every client message is a packet, all strings:
//     0:<LENGTH>:<DATA>   terminal input, LENGTH = byte length of DATA (UTF-8)
//     1:<COLS>:<ROWS>:    resize
//     2                   ping (sent every 30 s), no answer
// - server -> client is the raw terminal output.
// The "shell" here only echoes: a prompt, the typed characters, and a line per Enter.

export type TermEvent =
  | { type: 'login'; user: string; ok: boolean; at: number }
  | { type: 'input'; data: string; at: number }
  | { type: 'line'; line: string; at: number }
  | { type: 'resize'; cols: number; rows: number; at: number }
  | { type: 'ping'; at: number };

export interface TermServerOptions {
  /** The ticket's user and the ticket the first message must carry. */
  user: string;
  ticket: string;
  /** The host name in the prompt (`root@<hostname>:~# `). */
  hostname: string;
}

export class TermSession {
  readonly events: TermEvent[] = [];
  cols = 80;
  rows = 24;
  closeReason?: string;
  private authenticated = false;
  private closed = false;
  private input: Buffer = Buffer.alloc(0);
  private line = '';

  constructor(
    private readonly socket: WebSocket,
    private readonly options: TermServerOptions,
  ) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)));
    socket.on('close', () => (this.closed = true));
  }

  get prompt(): string {
    return `root@${this.options.hostname}:~# `;
  }

  /** Writes raw output to the terminal. */
  write(text: string): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  close(reason?: string): void {
    if (reason) this.closeReason = reason;
    this.closed = true;
    this.socket.close();
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    this.input = this.input.length ? Buffer.concat([this.input, data]) : data;
    try {
      if (!this.authenticated && !this.login()) return;
      while (!this.closed && this.input.length > 0) {
        const used = this.packet(this.input);
        if (used === 0) break;
        this.input = this.input.subarray(used);
      }
    } catch (error) {
      this.close(error instanceof Error ? error.message : String(error));
    }
  }

  /** Reads `user:ticket\n`; false while incomplete. */
  private login(): boolean {
    const newline = this.input.indexOf(0x0a);
    if (newline < 0) {
      if (this.input.length > 4096) throw new Error('authentication line too long');
      return false;
    }
    const text = this.input.subarray(0, newline).toString('utf8');
    this.input = this.input.subarray(newline + 1);
    // The ticket never contains ':' after its prefix "PVEVNC:", the user (user@realm!token) may not either,
    // so split at the first ':'.
    const colon = text.indexOf(':');
    const user = colon < 0 ? text : text.slice(0, colon);
    const ticket = colon < 0 ? '' : text.slice(colon + 1);
    const ok = user === this.options.user && ticket === this.options.ticket;
    this.events.push({ type: 'login', user, ok, at: Date.now() });
    if (!ok) {
      this.close('authentication failed');
      return false;
    }
    this.authenticated = true;
    this.write(`OK${this.prompt}`);
    return true;
  }

  private packet(buf: Buffer): number {
    const at = Date.now();
    const type = String.fromCharCode(buf[0]!);
    if (type === '2') {
      this.events.push({ type: 'ping', at });
      return 1;
    }
    if (type !== '0' && type !== '1') throw new Error(`invalid termproxy packet type ${JSON.stringify(type)}`);
    if (buf.length < 2) return 0;
    if (buf[1] !== 0x3a) throw new Error('malformed termproxy packet');
    const second = buf.indexOf(0x3a, 2);
    if (second < 0) return buf.length > 32 ? fail('malformed termproxy packet') : 0;
    const first = Number(buf.subarray(2, second).toString('latin1'));
    if (!Number.isInteger(first) || first < 0) throw new Error('malformed termproxy packet');
    if (type === '0') {
      if (buf.length < second + 1 + first) return 0;
      const data = buf.subarray(second + 1, second + 1 + first).toString('utf8');
      this.events.push({ type: 'input', data, at });
      this.type(data);
      return second + 1 + first;
    }
    const third = buf.indexOf(0x3a, second + 1);
    if (third < 0) return buf.length > 32 ? fail('malformed termproxy packet') : 0;
    const rows = Number(buf.subarray(second + 1, third).toString('latin1'));
    this.cols = first;
    this.rows = rows;
    this.events.push({ type: 'resize', cols: first, rows, at });
    return third + 1;
  }

  private type(data: string): void {
    for (const char of data) {
      if (char === '\r' || char === '\n') {
        this.write('\r\n');
        this.runLine(this.line);
        this.line = '';
      } else if (char === '\x7f' || char === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else if (char === '\x03') {
        this.line = '';
        this.write(`^C\r\n${this.prompt}`);
      } else if (char >= ' ') {
        this.line += char;
        this.write(char);
      }
    }
  }

  private runLine(line: string): void {
    const trimmed = line.trim();
    this.events.push({ type: 'line', line: trimmed, at: Date.now() });
    const [command, ...args] = trimmed.split(/\s+/);
    if (trimmed === '') {
      // just a new prompt
    } else if (command === 'exit' || command === 'logout') {
      this.write('logout\r\n');
      this.close();
      return;
    } else if (command === 'echo') {
      this.write(`${args.join(' ')}\r\n`);
    } else if (command === 'hostname') {
      this.write(`${this.options.hostname}\r\n`);
    } else {
      this.write(`-bash: ${command}: command not found\r\n`);
    }
    this.write(this.prompt);
  }
}

function fail(message: string): never {
  throw new Error(message);
}
