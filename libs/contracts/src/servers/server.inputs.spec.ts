import { describe, expect, it } from '@jest/globals';
import { CreateServerBody, UpdateServerBody } from './server.inputs.js';

const token = 'nexus@pve!fleet=4f6c1c0e-5b7a-4d2e-9f00-1a2b3c4d5e6f';

describe('server inputs', () => {
  it('gives a new server the defaults of the fields left out', () => {
    expect(CreateServerBody.parse({ name: 'pve', host: '10.0.0.5', apiToken: token })).toMatchObject({
      port: 8006,
      tlsTrust: 'pinned',
      connectTimeoutMs: 10_000,
      useTailscale: false,
      tailscalePort: 8006,
    });
  });

  it('changes only what an update sends: no default overwrites a stored value', () => {
    expect(UpdateServerBody.parse({ connectTimeoutMs: 3_000 })).toEqual({ connectTimeoutMs: 3_000 });
  });

  it('refuses an empty update', () => {
    const result = UpdateServerBody.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('nothing to change');
  });
});
