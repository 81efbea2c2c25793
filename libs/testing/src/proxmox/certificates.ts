import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCertificatePem } from './x509-der.util.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** A private key with its PEM (what TLS wants) and KeyObject (what signing wants). */
export interface KeyMaterial {
  pem: string;
  key: KeyObject;
}

/** A certificate and the key that goes with it. */
export interface IssuedCertificate {
  certPem: string;
  key: KeyMaterial;
  /** SHA-256 in Proxmox's format: upper-case hex pairs joined by ':' (Net::SSLeay::X509_get_fingerprint). */
  fingerprint: string;
}

/** A cluster's certificate authority, like /etc/pve/pve-root-ca.pem and priv/pve-root-ca.key. */
export interface ClusterCa extends IssuedCertificate {
  subject: Array<['CN' | 'OU' | 'O', string]>;
}

// Proxmox nodes use 2048-bit RSA keys (pve-cluster: `openssl genrsa 2048`). Generating one takes
// ~50 ms, so 50 clusters x 3 certificates would take seconds: certificates share keys from a small
// pool, cached on disk between runs. Every certificate is still distinct (serial, names, dates), so
// every node still has its own fingerprint; a rotation always uses a brand-new key.
const POOL_SIZE = 8;
const POOL_DIR = join(tmpdir(), 'pve-nexus-proxmox-sim', 'rsa2048-pool-v1');
let pool: Promise<KeyMaterial[]> | undefined;

/** The shared key pool (created once per process, read from the disk cache when present). */
export function keyPool(): Promise<KeyMaterial[]> {
  pool ??= loadOrCreatePool();
  return pool;
}

async function loadOrCreatePool(): Promise<KeyMaterial[]> {
  await mkdir(POOL_DIR, { recursive: true });
  return Promise.all(
    Array.from({ length: POOL_SIZE }, async (_, index) => {
      const file = join(POOL_DIR, `key-${index}.pem`);
      try {
        return keyFromPem(await readFile(file, 'utf8'));
      } catch {
        const fresh = await generateRsaKey();
        // Write then rename so a concurrent process never reads half a key.
        const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        await writeFile(temp, fresh.pem, { mode: 0o600 });
        await rename(temp, file);
        return fresh;
      }
    }),
  );
}

/** A new 2048-bit RSA key (used for rotations, which must change the key). */
export async function generateRsaKey(): Promise<KeyMaterial> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  return { key: privateKey, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function keyFromPem(pem: string): KeyMaterial {
  return { pem, key: createPrivateKey(pem) };
}

/** SHA-256 fingerprint of a PEM certificate in Proxmox's format (AB:CD:...). */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

const DAY_MS = 86_400_000;

/**
 * The cluster CA as pve-cluster's gen_pveca_cert makes it:
 * `-subj "/CN=Proxmox Virtual Environment/OU=<uuid>/O=PVE Cluster Manager CA/"`, 10 years.
 */
export function issueClusterCa(key: KeyMaterial, clusterUuid: string, now = Date.now()): ClusterCa {
  const subject: ClusterCa['subject'] = [
    ['CN', 'Proxmox Virtual Environment'],
    ['OU', clusterUuid],
    ['O', 'PVE Cluster Manager CA'],
  ];
  const certPem = createCertificatePem({
    subject,
    publicKey: createPublicKey(key.key),
    signingKey: key.key,
    serial: randomBytes(8),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    ca: true,
  });
  return { certPem, key, fingerprint: fingerprintOf(certPem), subject };
}

/**
 * A node certificate as pve-cluster's gen_pve_ssl_cert makes it (pve-ssl.pem): subject
 * `/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=<fqdn>`, SAN
 * `IP:127.0.0.1,IP:::1,DNS:localhost,IP:<ip>,DNS:<node>,DNS:<fqdn>`, signed by the cluster CA,
 * valid ~2 years (backdated a day, as PVE does with faketime to dodge clock skew).
 */
export function issueNodeCertificate(ca: ClusterCa, key: KeyMaterial, node: { name: string; fqdn: string; ip: string }, now = Date.now()): IssuedCertificate {
  const altNames = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost', `IP:${node.ip}`, `DNS:${node.name}`, `DNS:${node.fqdn}`];
  const certPem = createCertificatePem({
    subject: [
      ['OU', 'PVE Cluster Node'],
      ['O', 'Proxmox Virtual Environment'],
      ['CN', node.fqdn],
    ],
    issuer: ca.subject,
    publicKey: createPublicKey(key.key),
    signingKey: ca.key.key,
    serial: randomBytes(8),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 730 * DAY_MS),
    altNames: [...new Set(altNames)],
  });
  return { certPem, key, fingerprint: fingerprintOf(certPem) };
}

/**
 * One entry of GET /nodes/{node}/certificates/info, as PVE::Certificate::get_certificate_info
 * builds it (pve-common src/PVE/Certificate.pm): subject and issuer in X509_NAME_oneline form
 * ("/OU=.../CN=..."), notbefore/notafter as epoch seconds, san as a list of bare names/IPs.
 */
export function certificateInfo(filename: string, certPem: string): Record<string, unknown> {
  const cert = new X509Certificate(certPem);
  const oneline = (dn: string) => '/' + dn.split('\n').join('/');
  const san = (cert.subjectAltName ?? '')
    .split(', ')
    .filter(Boolean)
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    // parse_san renders IPv6 entries as eight 4-digit groups (unpack "H4" x 8).
    .map((entry) => (entry.includes(':') ? entry.split(':').map((group) => group.padStart(4, '0')).join(':') : entry));
  const publicKey = cert.publicKey;
  return {
    filename,
    fingerprint: cert.fingerprint256,
    subject: oneline(cert.subject),
    issuer: oneline(cert.issuer),
    notbefore: Math.floor(Date.parse(cert.validFrom) / 1000),
    notafter: Math.floor(Date.parse(cert.validTo) / 1000),
    san,
    pem: certPem,
    'public-key-type': publicKey.asymmetricKeyType === 'rsa' ? 'rsaEncryption' : String(publicKey.asymmetricKeyType),
    'public-key-bits': publicKey.asymmetricKeyDetails?.modulusLength ?? 0,
  };
}
