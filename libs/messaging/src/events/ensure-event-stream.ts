import { StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { EventStream } from '@pve-nexus/contracts';

const NANOS_PER_MS = 1_000_000;

/**
 * Creates the domain-event stream, or brings an existing one to the configuration of
 * {@link EventStream}: safe to call from every publisher and consumer at start-up.
 */
export async function ensureEventStream(jsm: JetStreamManager): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: EventStream.name,
    subjects: [...EventStream.subjects],
    storage: StorageType.File,
    max_age: EventStream.maxAgeMs * NANOS_PER_MS,
    duplicate_window: EventStream.duplicateWindowMs * NANOS_PER_MS,
  };
  try {
    await jsm.streams.add(config);
  } catch {
    // Already there with another configuration (another replica, an older release): align it.
    await jsm.streams.update(EventStream.name, config);
  }
}
