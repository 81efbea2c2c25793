import { describe, expect, it } from '@jest/globals';
import type { ServerView } from '@pve-nexus/contracts';
import { changedFields, changesConnection, checkServerForm, emptyServerForm, movesServer, serverFormOf, type ServerFormValues } from './server-form.util';

const TOKEN = 'nexus@pve!fleet=4f6c2a9e-0000-4000-8000-000000000001';
const filled = (changes: Partial<ServerFormValues> = {}): ServerFormValues => ({ ...emptyServerForm(), name: 'Production', host: 'PVE1.example.com', apiToken: TOKEN, ...changes });

const stored: ServerView = {
  id: '7c0e7a5e-1f43-4c2a-9d8e-0d6f3f2b1a10',
  name: 'Production',
  host: 'pve1.example.com',
  port: 8006,
  tlsTrust: 'pinned',
  connectTimeoutMs: 10_000,
  learnedTimeoutMs: null,
  useTailscale: true,
  tailscaleHostname: 'pve.tail-net.ts.net',
  tailscalePort: 8006,
  endpoint: { host: 'pve.tail-net.ts.net', port: 8006, via: 'tailnet' },
  pins: [{ node: 'pve1', fingerprint: 'AA', acceptedAt: '2026-03-12T10:00:00.000Z' }],
  tailnetPath: null,
  lastHealthStatus: null,
  lastHealthAt: null,
  createdAt: '2026-03-12T10:00:00.000Z',
  updatedAt: '2026-03-12T10:00:00.000Z',
};

describe('checkServerForm', () => {
  it('turns the form into the API body with the contract defaults, in milliseconds and lower case', () => {
    const checked = checkServerForm(filled({ connectTimeoutSeconds: '2.5' }), true);
    expect(checked).toEqual({
      ok: true,
      body: { name: 'Production', host: 'pve1.example.com', port: 8006, apiToken: TOKEN, tlsTrust: 'pinned', connectTimeoutMs: 2500, useTailscale: false, tailscalePort: 8006 },
    });
  });

  it('says how to fix each field, with the rules of the API', () => {
    const checked = checkServerForm({ ...emptyServerForm(), host: 'not a host', port: '70000', apiToken: 'secret', connectTimeoutSeconds: '0.1' }, true);
    expect(checked).toEqual({
      ok: false,
      errors: {
        name: 'Enter a name for this server',
        host: 'Not a host name or an IP address',
        port: 'A port number between 1 and 65535',
        apiToken: 'Use the format USER@REALM!TOKENID=SECRET, e.g. nexus@pve!fleet=4f6c…',
        connectTimeoutMs: 'Between 0.5 and 120 seconds',
      },
    });
  });

  it('refuses an address outside the tailnet as Tailscale host, and needs one when Tailscale is on', () => {
    const lan = checkServerForm(filled({ useTailscale: true, tailscaleHostname: '127.0.0.10' }), true);
    expect(lan.ok ? undefined : lan.errors.tailscaleHostname).toMatch(/^127\.0\.0\.10 is not a Tailscale address/);
    const empty = checkServerForm(filled({ useTailscale: true }), true);
    expect(empty.ok ? undefined : empty.errors.tailscaleHostname).toBe('Enter the MagicDNS name or Tailscale IP of the server');
    expect(checkServerForm(filled({ useTailscale: true, tailscaleHostname: '100.101.102.103' }), true).ok).toBe(true);
    expect(checkServerForm(filled({ useTailscale: true, tailscaleHostname: 'pve.tailnet-name.ts.net' }), true).ok).toBe(true);
  });

  it('ignores the hidden Tailscale fields while Tailscale is off', () => {
    expect(checkServerForm(filled({ tailscaleHostname: '127.0.0.10', tailscalePort: 'x' }), true).ok).toBe(true);
  });

  it('needs the token to create, and keeps the stored one on edit when left empty', () => {
    const create = checkServerForm(filled({ apiToken: '' }), true);
    expect(create.ok ? undefined : create.errors.apiToken).toBe('Enter the API token, as USER@REALM!TOKENID=SECRET');
    const edit = checkServerForm(filled({ apiToken: '' }), false);
    expect(edit).toMatchObject({ ok: true, body: { name: 'Production' } });
    expect(edit.ok && 'apiToken' in edit.body).toBe(false);
  });
});

describe('changedFields', () => {
  it('sends only what differs from the stored server, and the token when one was typed', () => {
    const unchanged = checkServerForm(serverFormOf(stored), false);
    if (!unchanged.ok) throw new Error('the stored server should pass');
    expect(changedFields(unchanged.body, stored)).toEqual({});

    const renamed = checkServerForm({ ...serverFormOf(stored), name: 'Prod', apiToken: TOKEN }, false);
    if (!renamed.ok) throw new Error('expected ok');
    const changes = changedFields(renamed.body, stored);
    expect(changes).toEqual({ name: 'Prod', apiToken: TOKEN });
    expect(changesConnection(changes)).toBe(true);
    expect(movesServer(changes)).toBe(false);
  });

  it('keeps the stored Tailscale endpoint when Tailscale is switched off', () => {
    const off = checkServerForm({ ...serverFormOf(stored), useTailscale: false, tailscalePort: '9000' }, false);
    if (!off.ok) throw new Error('expected ok');
    const changes = changedFields(off.body, stored);
    expect(changes).toEqual({ useTailscale: false });
    expect(movesServer(changes)).toBe(true);
  });
});
