import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type WebSocket from 'ws';
import { ConsoleCloseCode, type ConsoleGrant } from '@pve-nexus/contracts';
import { LiveSession } from './live-session.js';
import { RfbViewOnlyFilter } from './rfb-view-only.filter.js';

const HIGH_WATER = 1_000;

/** A WebSocket whose sends stay queued (bufferedAmount) until `flush()`, as on a slow network. */
class SlowSocket extends EventEmitter {
  readyState = 1;
  isPaused = false;
  bufferedAmount = 0;
  sent: Buffer[] = [];
  closedWith?: number;
  private queued: { size: number; done: () => void }[] = [];

  send(data: Buffer, _options: unknown, done: () => void): void {
    this.sent.push(data);
    this.bufferedAmount += data.length;
    this.queued.push({ size: data.length, done });
  }
  flush(): void {
    for (const { size, done } of this.queued.splice(0)) {
      this.bufferedAmount -= size;
      done();
    }
  }
  pause(): void {
    this.isPaused = true;
  }
  resume(): void {
    this.isPaused = false;
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
}

const counter = { inc: () => undefined };
const grant = { sessionId: '55555555-5555-4555-8555-555555555555', protocol: 'vnc' } as ConsoleGrant;

function relay(filter?: RfbViewOnlyFilter, limits: Partial<{ idleTimeoutMs: number; maxSessionMs: number }> = {}) {
  const client = new SlowSocket();
  const upstream = new SlowSocket();
  const session = new LiveSession(grant, client as unknown as WebSocket, upstream as unknown as WebSocket, filter, { idleTimeoutMs: 60_000, maxSessionMs: 600_000, highWaterMark: HIGH_WATER, ...limits }, { bytesIn: counter, bytesOut: counter });
  session.start([], []);
  return { client, upstream, session };
}

describe('LiveSession', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('stops reading Proxmox while the browser has more than the high-water mark queued, and reads again once it drained', () => {
    const { client, upstream, session } = relay();
    upstream.emit('message', Buffer.alloc(600));
    expect(upstream.isPaused).toBe(false);
    upstream.emit('message', Buffer.alloc(600));
    expect(upstream.isPaused).toBe(true);
    client.flush();
    expect(upstream.isPaused).toBe(false);
    expect(session.bytesOut).toBe(1_200);
  });

  it('applies the same backpressure the other way, to the browser', () => {
    const { client, upstream } = relay();
    client.emit('message', Buffer.alloc(HIGH_WATER + 1));
    expect(client.isPaused).toBe(true);
    upstream.flush();
    expect(client.isPaused).toBe(false);
  });

  it('passes only what the view-only filter keeps, and ends on a protocol error', async () => {
    const { client, upstream, session } = relay(new RfbViewOnlyFilter());
    client.emit('message', Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([2]), Buffer.alloc(16), Buffer.from([1, 4, 1, 0, 0, 0, 0, 0, 0x61])]));
    expect(Buffer.concat(upstream.sent).length).toBe(30);
    client.emit('message', Buffer.from([99]));
    expect((await session.ended).code).toBe(ConsoleCloseCode.PROTOCOL_ERROR);
    expect([client.closedWith, upstream.closedWith]).toEqual([ConsoleCloseCode.PROTOCOL_ERROR, 1000]);
  });

  it('ends after the idle timeout only when no byte moved, and at the maximum length regardless', async () => {
    const idle = relay(undefined, { idleTimeoutMs: 1_000 });
    jest.advanceTimersByTime(800);
    idle.upstream.emit('message', Buffer.from('tick'));
    jest.advanceTimersByTime(800);
    expect(idle.client.closedWith).toBeUndefined();
    jest.advanceTimersByTime(300);
    expect((await idle.session.ended).code).toBe(ConsoleCloseCode.IDLE_TIMEOUT);

    const long = relay(undefined, { idleTimeoutMs: 1_000, maxSessionMs: 2_500 });
    for (let elapsed = 0; elapsed < 2_500; elapsed += 500) {
      long.client.emit('message', Buffer.from('x'));
      jest.advanceTimersByTime(500);
    }
    expect((await long.session.ended).code).toBe(ConsoleCloseCode.MAX_DURATION);
  });
});
