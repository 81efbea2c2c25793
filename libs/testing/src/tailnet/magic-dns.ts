import { createSocket, type Socket } from 'node:dgram';

export interface MagicDns {
  /** `127.0.0.1:port`, for TAILNET_DNS_SERVER. */
  server: string;
  /** Adds or changes a name (case-insensitive). */
  set(name: string, address: string): void;
  lookup(name: string): string | undefined;
  close(): Promise<void>;
}

const TYPE_A = 1;
const CLASS_IN = 1;

/**
 * A DNS server that answers A queries for tailnet names, as Tailscale's MagicDNS resolver at
 * 100.100.100.100 does: known names get their address, others NXDOMAIN. Real DNS over UDP, so the
 * code under test uses its real resolver.
 */
export async function startMagicDns(names: Record<string, string> = {}): Promise<MagicDns> {
  const records = new Map<string, string>();
  for (const [name, address] of Object.entries(names)) {
    if (!address.startsWith('127.')) throw new Error(`MagicDNS test records must point at 127.0.0.0/8, not ${address}`);
    records.set(name.toLowerCase(), address);
  }
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const answer = respond(query, records);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    set: (name, address) => {
      if (!address.startsWith('127.')) throw new Error(`MagicDNS test records must point at 127.0.0.0/8, not ${address}`);
      records.set(name.toLowerCase(), address);
    },
    lookup: (name) => records.get(name.toLowerCase()),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function respond(query: Buffer, records: Map<string, string>): Buffer | undefined {
  if (query.length < 12) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset] ?? 0;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(offset + 1);
  const address = records.get(labels.join('.').toLowerCase());
  const found = address !== undefined;
  const answers = found && type === TYPE_A ? 1 : 0;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8180 | (found ? 0 : 3), 2); // response, recursion available, NOERROR or NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers, 6);
  const question = query.subarray(12, questionEnd);
  if (!answers || !address) return Buffer.concat([header, question]);
  const record = Buffer.alloc(16);
  record.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
  record.writeUInt16BE(TYPE_A, 2);
  record.writeUInt16BE(CLASS_IN, 4);
  record.writeUInt32BE(60, 6);
  record.writeUInt16BE(4, 10);
  address.split('.').forEach((octet, index) => record.writeUInt8(Number(octet), 12 + index));
  return Buffer.concat([header, question, record]);
}
