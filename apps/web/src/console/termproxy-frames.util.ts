// The browser side of Proxmox's termproxy protocol (pve-xtermjs `main.js`): the relay has already
// authenticated, so input, resize and keep-alive frames are all there is. Output arrives raw.

/** termproxy closes a silent connection; pve-xtermjs pings this often, in ms. */
export const TERMINAL_PING_INTERVAL_MS = 30_000;

/** The keep-alive frame (not answered). */
export const TERMINAL_PING_FRAME = '2';

const utf8 = new TextEncoder();

/** Input typed or pasted: `0:<length in UTF-8 bytes>:<data>`. */
export function terminalInputFrame(data: string): string {
  return `0:${utf8.encode(data).byteLength}:${data}`;
}

/** The terminal's new size: `1:<cols>:<rows>:`. */
export function terminalResizeFrame(cols: number, rows: number): string {
  return `1:${cols}:${rows}:`;
}
