import { describe, it, expect } from '@jest/globals';
import { decodeUpid, encodeUpid } from './upid.util.js';

describe('UPID', () => {
  it('encodes like PVE::Tools::upid_encode: upper-case 8-digit hex and a trailing colon', () => {
    const upid = encodeUpid({ node: 'pve1', pid: 0x1a2b, pstart: 0xabcdef, starttime: 0x65a1b2c3, type: 'qmstart', id: '100', user: 'root@pam!ci' });
    expect(upid).toBe('UPID:pve1:00001A2B:00ABCDEF:65A1B2C3:qmstart:100:root@pam!ci:');
  });

  it('decodes what it encodes, and node tasks with an empty id', () => {
    const fields = { node: 'pve-2', pid: 4_000_000, pstart: 0x1_0000_0000, starttime: 1_700_000_000, type: 'vncshell', id: '', user: 'root@pam' };
    expect(decodeUpid(encodeUpid(fields))).toEqual(fields);
  });

  it('rejects what upid_decode rejects', () => {
    expect(decodeUpid('UPID:pve1:1A2B:00ABCDEF:65A1B2C3:qmstart:100:root@pam:')).toBeUndefined();
    expect(decodeUpid('UPID:pve1:00001A2B:00ABCDEF:65A1B2C3:qmstart:100:root@pam')).toBeUndefined();
    expect(decodeUpid('not a upid')).toBeUndefined();
  });
});
