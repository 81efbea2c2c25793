import { createCipheriv, getCiphers, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './bitmap-font.util.js';

// An RFB 3.8 server (RFC 6143) speaking over a WebSocket, the way Proxmox's vncwebsocket relays
// raw RFB bytes between noVNC and `qm vncproxy` (binary frames, message boundaries meaningless):
//   ProtocolVersion "RFB 003.008\n" both ways (7.1.1) -> security types [2] (7.1.2) ->
//   VNC Authentication: 16-byte challenge, DES-encrypted by the client with the password (7.2.2)
//   -> SecurityResult u32 0 OK / 1 failed + reason string (7.1.3) -> ClientInit shared-flag ->
//   ServerInit width, height, PIXEL_FORMAT, name (7.3.2) -> normal messages (7.5, 7.6).
// The framebuffer shows the VM's name, a clock and the last typed keys, so it changes every
// second; only Raw encoding (0), which every client must accept (7.7.1), is sent.

/** What the tests (and the product's console relay tests) can read back from a session. */
export type RfbEvent =
  | { type: 'key'; key: number; down: boolean; at: number }
  | { type: 'pointer'; x: number; y: number; buttons: number; at: number }
  | { type: 'cut-text'; text: string; at: number }
  | { type: 'set-encodings'; encodings: number[]; at: number }
  | { type: 'set-pixel-format'; bitsPerPixel: number; at: number };

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

export interface RfbServerOptions {
  /** The VNC password; only its first 8 bytes count (VNC Authentication). */
  password: string;
  /** The desktop name sent in ServerInit. */
  name: string;
  /** Lines drawn at the top of the screen (default: the name). */
  title?: string;
  width?: number;
  height?: number;
  /** How often the screen is redrawn (the clock ticks). Default 1000 ms. */
  refreshMs?: number;
}

export const RFB_VERSION = 'RFB 003.008\n';
const SECURITY_VNC_AUTH = 2;
const DEFAULT_FORMAT: PixelFormat = { bitsPerPixel: 32, depth: 24, bigEndian: false, trueColour: true, redMax: 255, greenMax: 255, blueMax: 255, redShift: 16, greenShift: 8, blueShift: 0 };
const SCALE = 2;
const BACKGROUND: Rgb = [16, 32, 64];
const FOREGROUND: Rgb = [230, 230, 230];
type Rgb = [number, number, number];

type Phase = 'version' | 'security' | 'auth' | 'client-init' | 'normal' | 'closed';

/** One RFB connection: the server side of the protocol over `socket`. */
export class RfbSession {
  readonly events: RfbEvent[] = [];
  readonly width: number;
  readonly height: number;
  /** Why the connection ended, when it did (authentication failure, protocol error). */
  closeReason?: string;
  private phase: Phase = 'version';
  private input: Buffer = Buffer.alloc(0);
  private challenge = randomBytes(16);
  private format: PixelFormat = DEFAULT_FORMAT;
  private readonly pixels: Uint8Array;
  /** Bumped on every visible change; `sentVersion` is what the client last got. */
  private version = 0;
  private sentVersion = -1;
  private pendingIncremental = false;
  private typed = '';
  private clockText = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: RfbServerOptions,
  ) {
    this.width = options.width ?? 640;
    this.height = options.height ?? 400;
    this.pixels = new Uint8Array(this.width * this.height * 3);
    this.redraw();
    this.timer = setInterval(() => this.tick(), options.refreshMs ?? 1000);
    this.timer.unref();
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.receive(toBuffer(data)));
    socket.on('close', () => this.stop());
    socket.on('error', () => this.stop());
    this.send(Buffer.from(RFB_VERSION, 'latin1'));
  }

  get authenticated(): boolean {
    return this.phase === 'client-init' || this.phase === 'normal';
  }

  /** ServerCutText (7.6.4): puts `text` (Latin-1) on the client's clipboard. */
  sendClipboard(text: string): void {
    if (this.phase !== 'normal') throw new Error('the RFB session is not past its handshake');
    const body = Buffer.from(text, 'latin1');
    const header = Buffer.alloc(8);
    header.writeUInt8(3, 0);
    header.writeUInt32BE(body.length, 4);
    this.send(Buffer.concat([header, body]));
  }

  /** The current framebuffer as RGB triples, row by row. */
  snapshot(): Uint8Array {
    return this.pixels.slice();
  }

  close(reason?: string): void {
    if (reason) this.closeReason = reason;
    this.stop();
    this.socket.close();
  }

  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  private stop(): void {
    this.phase = 'closed';
    clearInterval(this.timer);
  }

  private send(data: Buffer): void {
    if (this.phase !== 'closed' && this.socket.readyState === this.socket.OPEN) this.socket.send(data, { binary: true });
  }

  private receive(data: Buffer): void {
    if (this.isClosed()) return;
    this.input = this.input.length ? Buffer.concat([this.input, data]) : data;
    try {
      while (!this.isClosed()) {
        const used = this.step(this.input);
        if (used === 0) break;
        this.input = this.input.subarray(used);
      }
    } catch (error) {
      this.close(error instanceof Error ? error.message : String(error));
    }
  }

  /** Consumes one protocol unit from `buf`; 0 when more bytes are needed. */
  private step(buf: Buffer): number {
    switch (this.phase) {
      case 'version': {
        if (buf.length < 12) return 0;
        const version = buf.subarray(0, 12).toString('latin1');
        if (!/^RFB 003\.00[78]\n$/.test(version)) {
          // 3.3 clients cannot be told why; others get zero security types and a reason (7.1.2).
          this.sendFailure(Buffer.from([0]), `unsupported protocol version ${JSON.stringify(version)}`);
          return 12;
        }
        this.send(Buffer.from([1, SECURITY_VNC_AUTH]));
        this.phase = 'security';
        return 12;
      }
      case 'security': {
        if (buf.length < 1) return 0;
        if (buf[0] !== SECURITY_VNC_AUTH) {
          this.sendFailure(u32(1), `security type ${buf[0]} not offered`);
          return 1;
        }
        this.send(this.challenge);
        this.phase = 'auth';
        return 1;
      }
      case 'auth': {
        if (buf.length < 16) return 0;
        const expected = vncAuthResponse(this.challenge, this.options.password);
        if (!expected.equals(buf.subarray(0, 16))) {
          this.sendFailure(u32(1), 'Authentication failed');
          return 16;
        }
        this.send(u32(0));
        this.phase = 'client-init';
        return 16;
      }
      case 'client-init': {
        if (buf.length < 1) return 0;
        this.send(this.serverInit());
        this.phase = 'normal';
        return 1;
      }
      case 'normal':
        return this.clientMessage(buf);
      default:
        return 0;
    }
  }

  /** SecurityResult failed (or an empty security list) with a reason string, then close (7.1.3). */
  private sendFailure(prefix: Buffer, reason: string): void {
    const text = Buffer.from(reason, 'latin1');
    this.send(Buffer.concat([prefix, u32(text.length), text]));
    this.close(reason);
  }

  private serverInit(): Buffer {
    const name = Buffer.from(this.options.name, 'utf8');
    const head = Buffer.alloc(24);
    head.writeUInt16BE(this.width, 0);
    head.writeUInt16BE(this.height, 2);
    writePixelFormat(head, 4, DEFAULT_FORMAT);
    head.writeUInt32BE(name.length, 20);
    return Buffer.concat([head, name]);
  }

  private clientMessage(buf: Buffer): number {
    if (buf.length < 1) return 0;
    const at = Date.now();
    switch (buf[0]) {
      case 0: {
        // SetPixelFormat: type, 3 padding, PIXEL_FORMAT (7.5.1)
        if (buf.length < 20) return 0;
        const format = readPixelFormat(buf, 4);
        if (!format.trueColour || ![8, 16, 32].includes(format.bitsPerPixel)) throw new Error('only true-colour pixel formats of 8, 16 or 32 bpp are supported');
        this.format = format;
        this.sentVersion = -1; // the next update must be complete in the new format
        this.events.push({ type: 'set-pixel-format', bitsPerPixel: format.bitsPerPixel, at });
        return 20;
      }
      case 2: {
        // SetEncodings: type, padding, u16 count, s32 encodings (7.5.2)
        if (buf.length < 4) return 0;
        const count = buf.readUInt16BE(2);
        if (buf.length < 4 + 4 * count) return 0;
        const encodings = Array.from({ length: count }, (_, i) => buf.readInt32BE(4 + 4 * i));
        this.events.push({ type: 'set-encodings', encodings, at });
        return 4 + 4 * count;
      }
      case 3: {
        // FramebufferUpdateRequest: type, incremental, x, y, w, h (7.5.3)
        if (buf.length < 10) return 0;
        const incremental = buf[1] !== 0;
        if (!incremental || this.version !== this.sentVersion) this.sendUpdate();
        else this.pendingIncremental = true;
        return 10;
      }
      case 4: {
        // KeyEvent: type, down-flag, 2 padding, u32 keysym (7.5.4)
        if (buf.length < 8) return 0;
        const key = buf.readUInt32BE(4);
        const down = buf[1] !== 0;
        this.events.push({ type: 'key', key, down, at });
        if (down) this.typeKey(key);
        return 8;
      }
      case 5: {
        // PointerEvent: type, button-mask, x, y (7.5.5)
        if (buf.length < 6) return 0;
        this.events.push({ type: 'pointer', buttons: buf[1]!, x: buf.readUInt16BE(2), y: buf.readUInt16BE(4), at });
        return 6;
      }
      case 6: {
        // ClientCutText: type, 3 padding, u32 length, Latin-1 text (7.5.6). A negative length is
        // the Extended Clipboard pseudo-encoding, which this server never advertises.
        if (buf.length < 8) return 0;
        const length = Math.abs(buf.readInt32BE(4));
        if (buf.length < 8 + length) return 0;
        this.events.push({ type: 'cut-text', text: buf.subarray(8, 8 + length).toString('latin1'), at });
        return 8 + length;
      }
      default:
        throw new Error(`unknown RFB client message type ${buf[0]}`);
    }
  }

  private typeKey(keysym: number): void {
    let char: string | undefined;
    if (keysym >= 0x20 && keysym <= 0x7e) char = String.fromCharCode(keysym);
    else if (keysym === 0xff0d) char = ' '; // Return
    if (char === undefined) return;
    this.typed = (this.typed + char).slice(-24);
    this.redraw();
    this.flush();
  }

  private tick(): void {
    if (this.redraw()) this.flush();
  }

  /** Sends the update an incremental request is waiting for, once there is a change. */
  private flush(): void {
    if (this.phase === 'normal' && this.pendingIncremental && this.version !== this.sentVersion) {
      this.pendingIncremental = false;
      this.sendUpdate();
    }
  }

  /** FramebufferUpdate (7.6.1) with one Raw rectangle covering the whole screen. */
  private sendUpdate(): void {
    const bytesPerPixel = this.format.bitsPerPixel / 8;
    const header = Buffer.alloc(16);
    header.writeUInt8(0, 0);
    header.writeUInt16BE(1, 2);
    header.writeUInt16BE(0, 4);
    header.writeUInt16BE(0, 6);
    header.writeUInt16BE(this.width, 8);
    header.writeUInt16BE(this.height, 10);
    header.writeInt32BE(0, 12); // Raw
    const body = Buffer.alloc(this.width * this.height * bytesPerPixel);
    const f = this.format;
    for (let i = 0, o = 0; i < this.pixels.length; i += 3, o += bytesPerPixel) {
      const value =
        ((Math.round((this.pixels[i]! * f.redMax) / 255) << f.redShift) |
          (Math.round((this.pixels[i + 1]! * f.greenMax) / 255) << f.greenShift) |
          (Math.round((this.pixels[i + 2]! * f.blueMax) / 255) << f.blueShift)) >>>
        0;
      if (bytesPerPixel === 4) {
        if (f.bigEndian) body.writeUInt32BE(value, o);
        else body.writeUInt32LE(value, o);
      } else if (bytesPerPixel === 2) {
        if (f.bigEndian) body.writeUInt16BE(value & 0xffff, o);
        else body.writeUInt16LE(value & 0xffff, o);
      } else body[o] = value & 0xff;
    }
    this.sentVersion = this.version;
    this.send(Buffer.concat([header, body]));
  }

  /** Draws the screen; true when it changed. */
  private redraw(): boolean {
    const clock = new Date().toISOString().slice(11, 19);
    const lines = [this.options.title ?? this.options.name, `TIME ${clock}`, `KEYS ${this.typed}`];
    const key = lines.join('\n');
    if (key === this.clockText) return false;
    this.clockText = key;
    for (let i = 0; i < this.pixels.length; i += 3) this.pixels.set(BACKGROUND, i);
    lines.forEach((line, row) => this.drawText(line, 16, 16 + row * (GLYPH_HEIGHT + 4) * SCALE));
    this.version++;
    return true;
  }

  private drawText(text: string, x0: number, y0: number): void {
    [...text].forEach((char, index) => {
      const rows = glyphRows(char);
      const left = x0 + index * (GLYPH_WIDTH + 1) * SCALE;
      rows.forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (!(bits & (1 << (GLYPH_WIDTH - 1 - col)))) continue;
          for (let dy = 0; dy < SCALE; dy++) {
            for (let dx = 0; dx < SCALE; dx++) {
              const x = left + col * SCALE + dx;
              const y = y0 + row * SCALE + dy;
              if (x < this.width && y < this.height) this.pixels.set(FOREGROUND, (y * this.width + x) * 3);
            }
          }
        }
      });
    });
  }
}

/**
 * VNC Authentication (RFC 6143 7.2.2): the challenge DES-encrypted (ECB, two blocks) with the
 * password's first 8 bytes (zero-padded) as key, each key byte bit-reversed (the RFB quirk that
 * libvncserver's d3des and noVNC's des.js reproduce).
 */
export function vncAuthResponse(challenge: Buffer, password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = reverseBits(key[i]!);
  return desEcbEncrypt(key, challenge);
}

/** Single DES, ECB, no padding. OpenSSL 3 keeps 'des-ecb' in the legacy provider; DES-EDE with K1 = K2 is single DES. */
export function desEcbEncrypt(key: Buffer, data: Buffer): Buffer {
  const ciphers = getCiphers();
  const cipher = ciphers.includes('des-ecb')
    ? createCipheriv('des-ecb', key, null)
    : ciphers.includes('des-ede-ecb')
      ? createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null)
      : undefined;
  if (!cipher) throw new Error('this OpenSSL offers neither des-ecb nor des-ede-ecb');
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function reverseBits(byte: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) if (byte & (1 << i)) out |= 1 << (7 - i);
  return out;
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value, 0);
  return buf;
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export function writePixelFormat(buf: Buffer, offset: number, f: PixelFormat): void {
  buf.writeUInt8(f.bitsPerPixel, offset);
  buf.writeUInt8(f.depth, offset + 1);
  buf.writeUInt8(f.bigEndian ? 1 : 0, offset + 2);
  buf.writeUInt8(f.trueColour ? 1 : 0, offset + 3);
  buf.writeUInt16BE(f.redMax, offset + 4);
  buf.writeUInt16BE(f.greenMax, offset + 6);
  buf.writeUInt16BE(f.blueMax, offset + 8);
  buf.writeUInt8(f.redShift, offset + 10);
  buf.writeUInt8(f.greenShift, offset + 11);
  buf.writeUInt8(f.blueShift, offset + 12);
}

export function readPixelFormat(buf: Buffer, offset: number): PixelFormat {
  return {
    bitsPerPixel: buf.readUInt8(offset),
    depth: buf.readUInt8(offset + 1),
    bigEndian: buf.readUInt8(offset + 2) !== 0,
    trueColour: buf.readUInt8(offset + 3) !== 0,
    redMax: buf.readUInt16BE(offset + 4),
    greenMax: buf.readUInt16BE(offset + 6),
    blueMax: buf.readUInt16BE(offset + 8),
    redShift: buf.readUInt8(offset + 10),
    greenShift: buf.readUInt8(offset + 11),
    blueShift: buf.readUInt8(offset + 12),
  };
}
