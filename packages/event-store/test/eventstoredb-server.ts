import { EventStoreDbEventStore } from '../src/eventstoredb';
import { startEventStoreDbStandIn } from '../src/testing';

/**
 * The EventStoreDB the adapter's tests talk to: the real server named by EVENTSTORE_URL (e.g. a
 * KurrentDB in Docker, README "EventStoreDB"), or else the project's gRPC test stand-in.
 */
export async function eventStoreDbUnderTest(): Promise<{ store: EventStoreDbEventStore; dispose: () => Promise<void> }> {
  const real = process.env['EVENTSTORE_URL'];
  const standIn = real === undefined ? await startEventStoreDbStandIn() : undefined;
  const store = new EventStoreDbEventStore({ connectionString: real ?? standIn?.url ?? '' });
  return {
    store,
    dispose: async () => {
      await store.close();
      await standIn?.close();
    },
  };
}
