import { describe, it, expect } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { certificateInfo, issueClusterCa, issueNodeCertificate, keyPool } from './certificates.js';

describe('simulated node certificates', () => {
  it('issues a CA-signed node certificate shaped like pve-ssl.pem, with a PVE-format fingerprint', async () => {
    const [caKey, nodeKey] = await keyPool();
    const ca = issueClusterCa(caKey!, '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b');
    const cert = issueNodeCertificate(ca, nodeKey!, { name: 'pve1', fqdn: 'pve1.lab.internal', ip: '127.0.0.9' });

    const parsed = new X509Certificate(cert.certPem);
    expect(parsed.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(parsed.ca).toBe(false);
    expect(new X509Certificate(ca.certPem).ca).toBe(true);
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(parsed.checkIP('127.0.0.9')).toBe('127.0.0.9');

    const info = certificateInfo('pve-ssl.pem', cert.certPem);
    expect(info).toMatchObject({
      filename: 'pve-ssl.pem',
      fingerprint: cert.fingerprint,
      subject: '/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=pve1.lab.internal',
      issuer: '/CN=Proxmox Virtual Environment/OU=0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b/O=PVE Cluster Manager CA',
      san: ['127.0.0.1', '0000:0000:0000:0000:0000:0000:0000:0001', 'localhost', '127.0.0.9', 'pve1', 'pve1.lab.internal'],
      'public-key-type': 'rsaEncryption',
      'public-key-bits': 2048,
    });
    expect(Number(info.notafter) - Number(info.notbefore)).toBeGreaterThan(700 * 86_400);
  });

  it('gives two certificates from the same key different fingerprints', async () => {
    const [key] = await keyPool();
    const ca = issueClusterCa(key!, 'c');
    const a = issueNodeCertificate(ca, key!, { name: 'pve1', fqdn: 'pve1.x', ip: '127.0.0.1' });
    const b = issueNodeCertificate(ca, key!, { name: 'pve1', fqdn: 'pve1.x', ip: '127.0.0.1' });
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
