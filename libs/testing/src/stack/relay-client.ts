import WebSocket from 'ws';
import { CONSOLE_SUBPROTOCOL, CONSOLE_TOKEN_SUBPROTOCOL_PREFIX } from '@pve-nexus/contracts';
import { ByteStream } from '../proxmox/console-client.test-util.js';
import { vncAuthResponse } from '../proxmox/rfb-server.js';

export { ByteStream };

/** A console WebSocket through a relay, as the web's console page opens it. */
export interface RelayConnection {
  socket: WebSocket;
  /** Everything the relay sends, as one byte stream. */
  stream: ByteStream;
  /** The close code and reason, once closed (by either side). */
  closed: Promise<{ code: number; reason: string }>;
}

/** An upgrade the relay refused with an HTTP status (origin, draining, no console subprotocol). */
export class RelayRefusal extends Error {
  constructor(readonly status: number) {
    super(`relay refused the upgrade: HTTP ${status}`);
  }
}

/**
 * Opens `url` offering the console subprotocol and the token (as the browser does: never in the
 * URL). Resolves once open, even when the relay then refuses the token with a close code.
 */
export function connectRelay(url: string, token: string | undefined, options: { origin?: string } = {}): Promise<RelayConnection> {
  return new Promise((resolve, reject) => {
    const protocols = token === undefined ? [CONSOLE_SUBPROTOCOL] : [CONSOLE_SUBPROTOCOL, `${CONSOLE_TOKEN_SUBPROTOCOL_PREFIX}${token}`];
    const socket = new WebSocket(url, protocols, options.origin ? { origin: options.origin } : {});
    const stream = new ByteStream(socket);
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.once('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.once('open', () => resolve({ socket, stream, closed }));
    socket.once('unexpected-response', (_request, response) => {
      reject(new RelayRefusal(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** ServerInit: the screen's size and the desktop name. */
export interface RfbDesktop {
  width: number;
  height: number;
  name: string;
}

/** The client side of RFB 3.8 up to ServerInit: VNC Authentication with `password`, shared ClientInit. */
export async function rfbHandshake(connection: RelayConnection, password: string): Promise<RfbDesktop> {
  const { socket, stream } = connection;
  if ((await stream.read(12)).toString('latin1') !== 'RFB 003.008\n') throw new Error('not an RFB 3.8 server');
  socket.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const types = await stream.read((await stream.read(1))[0]!);
  if (!types.includes(2)) throw new Error(`no VNC Authentication among security types ${[...types]}`);
  socket.send(Buffer.from([2]));
  socket.send(vncAuthResponse(await stream.read(16), password));
  const result = (await stream.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`VNC authentication failed (${result})`);
  socket.send(Buffer.from([1]));
  const init = await stream.read(24);
  return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), name: (await stream.read(init.readUInt32BE(20))).toString('utf8') };
}

/** RFB client messages: key and pointer events, update requests. */
export const rfb = {
  key(keysym: number, down: boolean): Buffer {
    const message = Buffer.alloc(8);
    message.writeUInt8(4, 0);
    message.writeUInt8(down ? 1 : 0, 1);
    message.writeUInt32BE(keysym, 4);
    return message;
  },
  pointer(x: number, y: number, buttons: number): Buffer {
    const message = Buffer.alloc(6);
    message.writeUInt8(5, 0);
    message.writeUInt8(buttons, 1);
    message.writeUInt16BE(x, 2);
    message.writeUInt16BE(y, 4);
    return message;
  },
  updateRequest(incremental: boolean, desktop: Pick<RfbDesktop, 'width' | 'height'>): Buffer {
    const message = Buffer.alloc(10);
    message.writeUInt8(3, 0);
    message.writeUInt8(incremental ? 1 : 0, 1);
    message.writeUInt16BE(desktop.width, 6);
    message.writeUInt16BE(desktop.height, 8);
    return message;
  },
};

/** Reads one FramebufferUpdate of Raw rectangles in the default 32-bpp format; returns their pixels, in order. */
export async function rfbReadUpdate(stream: ByteStream, timeoutMs = 5_000): Promise<Buffer> {
  const head = await stream.read(4, timeoutMs);
  if (head[0] !== 0) throw new Error(`expected a FramebufferUpdate, got message type ${head[0]}`);
  const pixels: Buffer[] = [];
  for (let i = 0; i < head.readUInt16BE(2); i++) {
    const rect = await stream.read(12, timeoutMs);
    if (rect.readInt32BE(8) !== 0) throw new Error(`expected Raw encoding, got ${rect.readInt32BE(8)}`);
    pixels.push(await stream.read(rect.readUInt16BE(4) * rect.readUInt16BE(6) * 4, timeoutMs));
  }
  return Buffer.concat(pixels);
}

/** termproxy's input packet for `text` (`0:<byte length>:<text>`), as xterm.js sends it. */
export function termInput(text: string): string {
  return `0:${Buffer.byteLength(text, 'utf8')}:${text}`;
}
