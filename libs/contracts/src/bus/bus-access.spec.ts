import { describe, expect, it } from '@jest/globals';
import { ACCESS_REVOKED_SUBJECT } from '../console/console.contract.js';
import { ServiceName } from '../health/health.contract.js';
import { ServerRpc } from '../servers/servers.contract.js';
import { AuditRpc } from '../audit/audit.contract.js';
import { IdentityRpc } from '../identity/identity.contract.js';
import { TailnetSettingsRpc } from '../tailscale/tailnet.contract.js';
import { BUS_ACCESS, natsPermissions, natsUser, renderNatsServerConfig } from './bus-access.js';

const answererOf = (subject: string) => ServiceName.options.filter((service) => subject.startsWith(BUS_ACCESS[service].answers.slice(0, -1)));

describe('the bus access table', () => {
  it('lets every call reach exactly one service, and only inventory answer inventory.>', () => {
    for (const service of ServiceName.options) {
      for (const subject of BUS_ACCESS[service].calls) expect([subject, answererOf(subject)]).toEqual([subject, [expect.any(String)]]);
      expect(BUS_ACCESS[service].answers).toBe(`${service}.>`);
    }
    expect(answererOf(ServerRpc.connection.subject)).toEqual(['inventory']);
  });

  it('makes forwarded and own-identity calls a subset of the calls', () => {
    for (const service of ServiceName.options) {
      const { calls, forwards, asSelf } = BUS_ACCESS[service];
      expect(calls).toEqual(expect.arrayContaining([...forwards, ...asSelf]));
    }
  });

  it('keeps decryptions and the audit append away from the gateway, and the relay to its three calls', () => {
    expect(BUS_ACCESS.gateway.calls).not.toContain(ServerRpc.connection.subject);
    expect(BUS_ACCESS.gateway.calls).not.toContain(AuditRpc.append.subject);
    expect([...BUS_ACCESS['console-relay'].calls].sort()).toEqual([AuditRpc.append.subject, IdentityRpc.resolveUser.subject, ServerRpc.connection.subject].sort());
    expect(BUS_ACCESS['console-relay'].forwards).toEqual([]);
  });

  it('lets only discovery open a tenant’s tailnet credentials', () => {
    const openers = ServiceName.options.filter((service) => BUS_ACCESS[service].calls.includes(TailnetSettingsRpc.open.subject));
    expect(openers).toEqual(['discovery']);
  });

  it('derives NATS permissions: own subjects and inbox, no other service’s, replies by allow_responses', () => {
    const relay = natsPermissions('console-relay');
    expect(relay.subscribe.allow).toEqual(['console-relay.>', '_INBOX.console-relay.>', ACCESS_REVOKED_SUBJECT]);
    expect(relay.publish.allow).not.toContain('_INBOX.>');
    expect(relay.publish.allow.some((subject) => subject.startsWith('$JS.'))).toBe(false);
    expect(natsPermissions('inventory').publish.allow).toEqual([ACCESS_REVOKED_SUBJECT]);
    expect(natsPermissions('executor').publish.allow).toContain('events.>');
    expect(natsPermissions('gateway').publish.allow).not.toContain('events.>');
  });

  it('renders a server configuration with no anonymous access', () => {
    const config = renderNatsServerConfig({ port: 4222, storeDir: '/data', users: [natsUser('inventory', 'pa"ss')] });
    expect(config).toContain('authorization {');
    expect(config).toContain('{ user: "inventory", password: "pa\\"ss", permissions: { publish: { allow: ["identity.access.revoked"] }');
    expect(config).toContain('allow_responses: true');
    expect(config).toMatch(/^host: "127.0.0.1"$/m);
  });
});
