import { CONSOLE_SUBPROTOCOL, CONSOLE_TOKEN_SUBPROTOCOL_PREFIX } from '@pve-nexus/contracts';

/**
 * Opens a WebSocket to a console relay with the one-time token as an offered subprotocol, never in
 * the URL (URLs end up in proxy logs and browser history). Binary frames arrive as ArrayBuffers,
 * which is what noVNC expects.
 */
export function openRelaySocket(url: string, token: string): WebSocket {
  const socket = new WebSocket(url, [CONSOLE_SUBPROTOCOL, `${CONSOLE_TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
  socket.binaryType = 'arraybuffer';
  return socket;
}
