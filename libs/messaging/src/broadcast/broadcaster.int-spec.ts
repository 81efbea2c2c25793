import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect } from '@nats-io/transport-node';
import { z } from 'zod';
import { generateBusKeys, startNatsServer, testNatsUser, testUserBusOptions, type NatsServer } from '@pve-nexus/testing';
import { BusModule } from '../client/bus.module.js';
import { Broadcaster, type BroadcastChannel } from './broadcaster.js';

const Ping = { subject: 'test.broadcast.ping', schema: z.object({ n: z.number().int().min(0) }) } satisfies BroadcastChannel;

/** Collects pushed values; `until(count)` resolves once that many arrived. */
function collector<T>() {
  const values: T[] = [];
  let wake: () => void = () => undefined;
  return {
    values,
    push: (value: T) => {
      values.push(value);
      wake();
    },
    until: (count: number) =>
      new Promise<T[]>((resolve) => {
        wake = () => values.length >= count && resolve(values);
        wake();
      }),
  };
}

describe('Broadcaster over a real NATS server', () => {
  let nats: NatsServer;
  let apps: INestApplicationContext[];
  let broadcasters: Broadcaster[];

  beforeAll(async () => {
    nats = await startNatsServer({ extraUsers: [testNatsUser('test')] });
    const keys = generateBusKeys();
    // Two processes of the same service: a broadcast must reach both, unlike a queue-group request.
    apps = await Promise.all(
      ['replica', 'replica'].map((name) => NestFactory.createApplicationContext(BusModule.forRoot(testUserBusOptions(nats, keys, 'test', name)), { logger: false })),
    );
    broadcasters = apps.map((app) => app.get(Broadcaster));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await nats?.stop();
  });

  it('delivers every message to every subscriber, validated', async () => {
    const [first, second] = [collector<{ n: number }>(), collector<{ n: number }>()];
    const subscriptions = [await broadcasters[0]!.subscribe(Ping, first.push), await broadcasters[1]!.subscribe(Ping, second.push)];
    await expect(broadcasters[0]!.publish(Ping, { n: 1 })).resolves.toBe(true);
    await expect(broadcasters[1]!.publish(Ping, { n: 2 })).resolves.toBe(true);
    await expect(first.until(2)).resolves.toEqual([{ n: 1 }, { n: 2 }]);
    await expect(second.until(2)).resolves.toEqual([{ n: 1 }, { n: 2 }]);
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
  });

  it('refuses to send a message that breaks the schema, and skips one received from elsewhere', async () => {
    const received = collector<{ n: number }>();
    const subscription = await broadcasters[1]!.subscribe(Ping, received.push);
    await expect(broadcasters[0]!.publish(Ping, { n: -1 })).resolves.toBe(false);
    const raw = await connect({ servers: nats.url, ...nats.clientAuth('test') });
    raw.publish(Ping.subject, JSON.stringify({ n: 'nope' }));
    raw.publish(Ping.subject, 'not json');
    // NATS keeps one publisher's order: once 3 arrives, the malformed ones were delivered and skipped.
    raw.publish(Ping.subject, JSON.stringify({ n: 3 }));
    await raw.drain();
    await expect(received.until(1)).resolves.toEqual([{ n: 3 }]);
    await subscription.close();
  });

  it('keeps delivering after a handler fails', async () => {
    const received = collector<{ n: number }>();
    const subscription = await broadcasters[0]!.subscribe(Ping, (message) => {
      if (message.n === 4) throw new Error('handler bug');
      received.push(message);
    });
    await broadcasters[1]!.publish(Ping, { n: 4 });
    await broadcasters[1]!.publish(Ping, { n: 5 });
    await expect(received.until(1)).resolves.toEqual([{ n: 5 }]);
    await subscription.close();
  });
});
