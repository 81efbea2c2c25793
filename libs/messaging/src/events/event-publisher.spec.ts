import { describe, expect, it, jest } from '@jest/globals';
import type { JetStreamClient } from '@nats-io/jetstream';
import { EventPublisher } from './event-publisher.js';
import type { JetStreamConnection } from './jetstream-connection.js';

const TENANT = '7d0f2b7e-3c1a-4a7e-9f51-2b1c0f7e9a10';
const event = { kind: 'task.progress', tenantId: TENANT, data: { serverId: TENANT, node: 'pve1', upid: 'UPID:pve1:0000A1B2:0001C3D4:65000000:qmreboot:101:root@pam:', status: 'stopped' } } as const;

function connectionFailing(times: number) {
  const publish = jest.fn<(subject: string, payload: string, options: { msgID: string }) => Promise<{ seq: number }>>();
  for (let failure = 0; failure < times; failure++) publish.mockRejectedValueOnce(new Error('disconnected'));
  publish.mockResolvedValue({ seq: 42 });
  let opened = 0;
  const connection = {
    client: async () => {
      opened++;
      if (opened === 1 && times > 0) throw new Error('connection refused');
      return { publish } as unknown as JetStreamClient;
    },
  } as unknown as JetStreamConnection;
  return { connection, publish };
}

describe('EventPublisher', () => {
  it('retries an event the bus refused (a NATS restart) with the same message id, so it is stored once', async () => {
    const { connection, publish } = connectionFailing(2);
    const sequence = await new EventPublisher(connection).publish(event as never);
    expect(sequence).toBe(42);
    expect(publish).toHaveBeenCalledTimes(3);
    const ids = publish.mock.calls.map((call) => call[2].msgID);
    expect(new Set(ids).size).toBe(1);
  });

  it('publishes at once when the bus is up', async () => {
    const { connection, publish } = connectionFailing(0);
    await expect(new EventPublisher(connection).publish(event as never)).resolves.toBe(42);
    expect(publish).toHaveBeenCalledTimes(1);
  });
});
