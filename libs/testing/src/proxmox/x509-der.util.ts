import { createHash, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

// A minimal X.509 v3 certificate writer (RFC 5280, DER per X.690). Node can parse certificates
// (crypto.X509Certificate) but not create them; writing the few structures a TLS server
// certificate needs in-process is much faster than one `openssl` process per node, which keeps
// 50 simulated clusters quick to start.

const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, content: Buffer) => tlv(0xa0 | tagNumber, content);
const octetString = (content: Buffer) => tlv(0x04, content);
const utf8String = (value: string) => tlv(0x0c, Buffer.from(value, 'utf8'));
const bitString = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const booleanTrue = () => Buffer.from([0x01, 0x01, 0xff]);
const nullValue = () => Buffer.from([0x05, 0x00]);

/** A positive INTEGER from big-endian bytes (a leading zero keeps the sign bit clear). */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = part >>> 7; rest > 0; rest >>>= 7) chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on.
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

const ATTRIBUTE_OIDS = { CN: '2.5.4.3', OU: '2.5.4.11', O: '2.5.4.10' } as const;

/** A distinguished name as ordered [attribute, value] pairs, e.g. [['OU', 'PVE Cluster Node'], ['CN', 'pve1']]. */
export type DistinguishedName = Array<[keyof typeof ATTRIBUTE_OIDS, string]>;

function name(dn: DistinguishedName): Buffer {
  return sequence(...dn.map(([attribute, value]) => set(sequence(oid(ATTRIBUTE_OIDS[attribute]), utf8String(value)))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [booleanTrue()] : []), octetString(value));
}

function subjectAltName(entries: string[]): Buffer {
  return sequence(
    ...entries.map((entry) => {
      const [kind, value = ''] = entry.split(/:(.*)/s);
      if (kind === 'IP') {
        if (isIPv4(value)) return tlv(0x87, Buffer.from(value.split('.').map(Number)));
        if (isIPv6(value)) return tlv(0x87, ipv6Bytes(value));
        throw new Error(`not an IP address: ${value}`);
      }
      return tlv(0x82, Buffer.from(value, 'ascii'));
    }),
  );
}

function ipv6Bytes(value: string): Buffer {
  const [head = '', tail = ''] = value.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = value.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((group, index) => out.writeUInt16BE(parseInt(group, 16), index * 2));
  return out;
}

export interface CertificateSpec {
  subject: DistinguishedName;
  /** Defaults to the subject (self-signed). */
  issuer?: DistinguishedName;
  /** The certified public key. */
  publicKey: KeyObject;
  /** The key that signs: the issuer's private key (RSA, SHA-256). */
  signingKey: KeyObject;
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** A CA certificate (basicConstraints CA:TRUE) rather than a server one. */
  ca?: boolean;
  /** SubjectAltName entries like 'DNS:pve1' or 'IP:127.0.0.1' (server certificates). */
  altNames?: string[];
}

/** Writes and signs an X.509 v3 certificate; returns it in PEM. */
export function createCertificatePem(spec: CertificateSpec): string {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  // subjectKeyIdentifier: SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2, method 1), as openssl's "hash".
  const keyBits = parseSpkiKeyBits(spki);
  const extensions = spec.ca
    ? [
        extension('2.5.29.14', false, octetString(createHash('sha1').update(keyBits).digest())),
        extension('2.5.29.19', true, sequence(booleanTrue())),
      ]
    : [
        // pve-cluster gen_pve_ssl_cert: basicConstraints = CA:FALSE, extendedKeyUsage = serverAuth, subjectAltName.
        extension('2.5.29.19', false, sequence()),
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.17', false, subjectAltName(spec.altNames ?? [])),
      ];
  const signatureAlgorithm = sequence(oid('1.2.840.113549.1.1.11'), nullValue()); // sha256WithRSAEncryption
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(spec.serial),
    signatureAlgorithm,
    name(spec.issuer ?? spec.subject),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** The contents of the subjectPublicKey BIT STRING inside a DER SubjectPublicKeyInfo. */
function parseSpkiKeyBits(spki: Buffer): Buffer {
  const readHeader = (offset: number) => {
    const first = spki[offset + 1] ?? 0;
    if (first < 0x80) return { length: first, start: offset + 2 };
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (spki[offset + 2 + i] ?? 0);
    return { length, start: offset + 2 + count };
  };
  const outer = readHeader(0);
  const algorithm = readHeader(outer.start);
  const bits = readHeader(algorithm.start + algorithm.length);
  return spki.subarray(bits.start + 1, bits.start + bits.length); // skip the unused-bits byte
}
