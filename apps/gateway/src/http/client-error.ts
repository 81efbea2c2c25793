import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { NexusError, PROBLEM_CONTENT_TYPE, toProblem } from '@pve-nexus/contracts';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over
 * `--max-http-header-size`, malformed HTTP) get problem+json like every other failure, instead of
 * Node's bare text: 431 for oversized headers, 400 otherwise.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const problem = tooLarge
      ? { ...toProblem(new NexusError('PAYLOAD_TOO_LARGE', 'Request line or headers too large', [{ path: '(url)', message: 'the address or headers exceed the size limit' }])), status: 431, title: 'Request header fields too large' }
      : toProblem(new NexusError('VALIDATION', 'Malformed HTTP request'));
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
