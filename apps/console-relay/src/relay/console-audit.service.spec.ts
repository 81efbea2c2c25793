import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ConsoleGrant } from '@pve-nexus/contracts';
import type { BusClient } from '@pve-nexus/messaging';
import { ConsoleAudit } from './console-audit.service.js';

const grant = (): ConsoleGrant =>
  ({ sessionId: randomUUID(), tenantId: randomUUID(), actor: { type: 'system', name: 'test' }, serverId: randomUUID(), node: 'pve1', vmid: 100, guestType: 'qemu', protocol: 'vnc', viewOnly: false }) as ConsoleGrant;

describe('ConsoleAudit', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('sends at most 16 appends at once and the rest in the order they came; a failed one frees its turn', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const pending: (() => void)[] = [];
    const bus = {
      request: (_contract: unknown, request: { targetId: string }) => {
        sent.push(request.targetId);
        inFlight++;
        most = Math.max(most, inFlight);
        return new Promise<void>((resolve, reject) =>
          pending.push(() => {
            inFlight--;
            // The first 16 fail: had they kept their turns, nothing more would be sent.
            if (sent.indexOf(request.targetId) < 16) reject(new Error('no reply'));
            else resolve();
          }),
        );
      },
    } as unknown as BusClient;
    const audit = new ConsoleAudit(bus);
    const grants = Array.from({ length: 50 }, grant);
    const all = Promise.all(grants.map((g) => audit.opened(g)));
    while (sent.length < grants.length || pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      pending.splice(0, 3).forEach((answer) => answer());
    }
    await all;
    expect(most).toBe(16);
    expect(sent).toEqual(grants.map((g) => g.sessionId));

    // Every turn came back: a later append, with nothing queued, is sent at once.
    const late = grant();
    const done = audit.closed(late, { code: 1000, reason: '', by: 'client', at: Date.now() }, { openedAt: Date.now(), bytesIn: 0, bytesOut: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.at(-1)).toBe(late.sessionId);
    pending.splice(0).forEach((answer) => answer());
    await done;
  });
});
