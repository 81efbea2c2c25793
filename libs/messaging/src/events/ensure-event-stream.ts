import { JetStreamApiError, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { EventStream } from '@pve-nexus/contracts';

const NANOS_PER_MS = 1_000_000;
/** JetStream's `stream name already in use with a different configuration`. */
const STREAM_NAME_IN_USE = 10058;

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
  } catch (error) {
    // Only a stream already there with another configuration (an older release) is aligned; any
    // other failure (no JetStream, a timeout) is reported as itself.
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)) throw error;
    await jsm.streams.update(EventStream.name, config);
  }
}
