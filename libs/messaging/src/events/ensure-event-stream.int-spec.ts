import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventStream } from '@pve-nexus/contracts';
import { startNatsServer, type NatsServer } from '@pve-nexus/testing';
import { ensureEventStream } from './ensure-event-stream.js';

const NANOS_PER_MS = 1_000_000;

describe('ensureEventStream on a real JetStream server', () => {
  let nats: NatsServer;
  let connection: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nats = await startNatsServer();
    // As a service that publishes events (and so may create and align their stream).
    connection = await connect({ servers: nats.url, ...nats.clientAuth('executor') });
    jsm = await jetstreamManager(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await nats?.stop();
  });

  it('creates the stream, and calling it again (another replica) changes nothing', async () => {
    await ensureEventStream(jsm);
    await ensureEventStream(jsm);
    const info = await jsm.streams.info(EventStream.name);
    expect(info.config.subjects).toEqual([...EventStream.subjects]);
    expect(info.config.max_age).toBe(EventStream.maxAgeMs * NANOS_PER_MS);
  });

  it('aligns a stream an older release created with another configuration', async () => {
    await jsm.streams.update(EventStream.name, { max_age: 10 * 60_000 * NANOS_PER_MS });
    await ensureEventStream(jsm);
    expect((await jsm.streams.info(EventStream.name)).config.max_age).toBe(EventStream.maxAgeMs * NANOS_PER_MS);
  });

  it('reports any other failure as itself instead of trying an update', async () => {
    const closed = await connect({ servers: nats.url, ...nats.clientAuth('executor') });
    const closedJsm = await jetstreamManager(closed);
    await closed.close();
    await expect(ensureEventStream(closedJsm)).rejects.toThrow(/closed/i);
  });
});
