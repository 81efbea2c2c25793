import { describe, expect, it } from '@jest/globals';
import { checkProxmoxApiPath } from '@pve-nexus/contracts';

const ok = (raw: string) => checkProxmoxApiPath(raw);

describe('checkProxmoxApiPath: the read-only API browser whitelist', () => {
  it('allows the whitelisted read-only paths, normalised', () => {
    expect(ok('version')).toEqual({ ok: true, path: '/version' });
    expect(ok('/version')).toEqual({ ok: true, path: '/version' });
    expect(ok('cluster/resources?type=vm')).toEqual({ ok: true, path: '/cluster/resources?type=vm' });
    expect(ok('nodes/pve1/qemu/100/status/current')).toMatchObject({ ok: true });
    expect(ok('nodes/pve1/lxc/200/config')).toMatchObject({ ok: true });
    expect(ok('nodes/pve-2/tasks?limit=50&vmid=100')).toEqual({ ok: true, path: '/nodes/pve-2/tasks?limit=50&vmid=100' });
    expect(ok('nodes/pve1/certificates/info')).toMatchObject({ ok: true });
  });

  it('refuses traversal, dot segments and empty segments', () => {
    for (const raw of ['../access/users', 'nodes/../access/users', './version', 'nodes/pve1/./status', 'nodes//pve1/status', 'version/', 'nodes/pve1/status/..', '..', '']) {
      expect(ok(raw)).toMatchObject({ ok: false });
    }
  });

  it('refuses encodings, backslashes and odd characters', () => {
    for (const raw of ['%2e%2e/x', '%2E%2E/access/users', 'nodes%2fpve1%2fstatus', 'nodes/pve1%2Fstatus', '..%5caccess', 'nodes\\pve1\\status', 'version#x', 'ver sion', 'nodes/pve1/status\u0000', 'nodes/pvé/status']) {
      expect(ok(raw)).toMatchObject({ ok: false });
    }
  });

  it('refuses secrets, tickets and anything not listed', () => {
    for (const raw of [
      'access/ticket',
      'access/users',
      'access/users/root@pam/token',
      'nodes/pve1/qemu/100/vncproxy',
      'nodes/pve1/qemu/100/termproxy',
      'nodes/pve1/qemu/100/spiceproxy',
      'nodes/pve1/lxc/100/vncproxy',
      'nodes/pve1/termproxy',
      'cluster/config',
      'cluster/config/join',
      'nodes/pve1/subscription',
      'nodes/pve1/qemu/100',
      'nodes/pve1/qemu/99/config',
      'nodes/-bad-/status',
      'storage',
    ]) {
      expect(ok(raw)).toMatchObject({ ok: false });
    }
  });

  it('only passes the allowed query parameters with safe values', () => {
    expect(ok('cluster/resources?type=vm&type=node')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?type=secret')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?format=raw')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?type')).toMatchObject({ ok: false });
    expect(ok('version?type=vm')).toMatchObject({ ok: false });
    expect(ok('nodes/pve1/tasks?limit=1e9')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?type=vm?x=1')).toMatchObject({ ok: false });
    expect(ok('cluster/resources?__proto__=x')).toMatchObject({ ok: false });
  });

  it('allows GET only', () => {
    expect(checkProxmoxApiPath('version', 'GET')).toMatchObject({ ok: true });
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) expect(checkProxmoxApiPath('version', method)).toMatchObject({ ok: false, reason: 'only GET is allowed' });
  });

  it('refuses overly long paths', () => {
    expect(ok(`nodes/${'a'.repeat(600)}/status`)).toMatchObject({ ok: false });
  });
});
