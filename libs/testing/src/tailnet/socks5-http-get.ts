import { connect } from 'node:net';

export interface Socks5HttpAnswer {
  status: number;
  headers: string;
  body: string;
}

/**
 * A plain-HTTP GET through a SOCKS5 proxy with the host name resolved by the proxy (`socks5h`), as a
 * test's client of a lab node's SOCKS5 server: `GET http://node-b.tailnet.test:8006/`. HTTP/1.0 with
 * `Connection: close`, so the answer ends when the server closes. Rejects on a refused CONNECT, a
 * closed connection or after `timeoutMs`.
 */
export function httpGetViaSocks5(proxy: string | { host: string; port: number }, url: string, timeoutMs = 15_000): Promise<Socks5HttpAnswer> {
  const { host: proxyHost, port: proxyPort } = typeof proxy === 'string' ? proxyAddress(proxy) : proxy;
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`httpGetViaSocks5 speaks plain http only, got ${url}`);
  const name = Buffer.from(target.hostname);
  const port = Number(target.port || 80);
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, proxyHost);
    const timer = setTimeout(() => socket.destroy(new Error(`GET ${url} via SOCKS5 ${proxyHost}:${proxyPort}: no answer after ${timeoutMs} ms`)), timeoutMs);
    let stage: 'greeting' | 'connect' | 'http' = 'greeting';
    let received = Buffer.alloc(0);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('connect', () => socket.write(Buffer.from([5, 1, 0])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (stage === 'greeting' && received.length >= 2) {
        if (received[0] !== 5 || received[1] !== 0) return socket.destroy(new Error(`SOCKS5 ${proxyHost}:${proxyPort} refused the no-auth greeting`));
        received = received.subarray(2);
        stage = 'connect';
        socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from([port >> 8, port & 0xff])]));
      }
      if (stage === 'connect' && received.length >= 10) {
        // tailscaled answers with an IPv4 bound address (10 bytes); anything else is unexpected here.
        if (received[1] !== 0) return socket.destroy(new Error(`SOCKS5 CONNECT to ${target.host} failed with reply ${received[1]}`));
        const length = received[3] === 4 ? 22 : received[3] === 3 ? 7 + (received[4] ?? 0) : 10;
        if (received.length < length) return;
        received = received.subarray(length);
        stage = 'http';
        socket.write(`GET ${target.pathname}${target.search} HTTP/1.0\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`);
      }
    });
    socket.on('end', () => {
      clearTimeout(timer);
      if (stage !== 'http') return reject(new Error(`SOCKS5 ${proxyHost}:${proxyPort} closed during the ${stage}`));
      const text = received.toString();
      const split = text.indexOf('\r\n\r\n');
      const headers = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(headers)?.[1] ?? NaN);
      if (Number.isNaN(status)) return reject(new Error(`GET ${url}: not an HTTP answer: ${text.slice(0, 200)}`));
      resolve({ status, headers, body: split < 0 ? '' : text.slice(split + 4) });
    });
  });
}

function proxyAddress(proxy: string): { host: string; port: number } {
  const parsed = new URL(proxy);
  if (!parsed.protocol.startsWith('socks5')) throw new Error(`not a SOCKS5 proxy URL: ${proxy}`);
  return { host: parsed.hostname, port: Number(parsed.port || 1080) };
}
