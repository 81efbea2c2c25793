import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions } from 'ws';
import { CONSOLE_SUBPROTOCOL, CONSOLE_TOKEN_SUBPROTOCOL_PREFIX } from '@pve-nexus/contracts';
import { ConsoleMetrics, type RefusalReason } from './console-metrics.js';
import { ConsoleSessions } from './console-sessions.service.js';
import { CLOSE_TIMEOUT_MS } from './proxmox-console.repository.js';
import { RELAY_OPTIONS, type RelayOptions } from './relay.options.js';

export const CONSOLE_PATH = '/console';

/**
 * `GET /console` upgraded to a WebSocket on the service's HTTP server. Refused before the upgrade:
 * other paths (404), a draining replica (503), a page of another origin (403: cross-site WebSocket
 * hijacking), a client that does not speak {@link CONSOLE_SUBPROTOCOL} (400). The one-time token
 * travels as a second offered subprotocol (never in the URL, so never in access logs); the relay
 * answers with {@link CONSOLE_SUBPROTOCOL} only.
 */
@Injectable()
export class ConsoleEndpoint implements OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleEndpoint.name);
  private readonly server: WebSocketServer;
  private readonly allowedOrigins: Set<string>;

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly metrics: ConsoleMetrics,
    @Inject(RELAY_OPTIONS) options: RelayOptions,
  ) {
    this.allowedOrigins = new Set(options.allowedOrigins);
    this.server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.maxMessageBytes,
      closeTimeout: CLOSE_TIMEOUT_MS,
      handleProtocols: (protocols: Set<string>) => (protocols.has(CONSOLE_SUBPROTOCOL) ? CONSOLE_SUBPROTOCOL : false),
    } as ServerOptions);
  }

  /** Serves console upgrades on the service's HTTP server. */
  attach(http: Server): void {
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  onApplicationShutdown(): void {
    this.server.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.logger.debug(`console upgrade socket: ${error.message}`));
    const path = (request.url ?? '').split('?')[0];
    if (path !== CONSOLE_PATH) return this.reject(socket, 404, 'not-found');
    if (!this.sessions.accepting) return this.reject(socket, 503, 'draining');
    const origin = request.headers.origin;
    if (origin !== undefined && !this.allowedOrigins.has(origin)) return this.reject(socket, 403, 'origin');
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
    if (!offered.includes(CONSOLE_SUBPROTOCOL)) return this.reject(socket, 400, 'subprotocol');
    const token = offered.find((protocol) => protocol.startsWith(CONSOLE_TOKEN_SUBPROTOCOL_PREFIX))?.slice(CONSOLE_TOKEN_SUBPROTOCOL_PREFIX.length);
    this.server.handleUpgrade(request, socket, head, (client) => {
      this.sessions.open(client, token).catch((error: Error) => {
        this.logger.error(`console session failed: ${error.message}`);
        client.terminate();
      });
    });
  }

  private reject(socket: Duplex, status: number, reason: RefusalReason): void {
    this.metrics.refused(reason);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
}
