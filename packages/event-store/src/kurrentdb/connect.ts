import type * as EventStoreDbClientModule from '@eventstore/db-client';
import type * as KurrentDbClientModule from '@kurrent/kurrentdb-client';
import type { ReadPosition } from '@kurrent/kurrentdb-client';
import { connectionStringFor } from './connection-string';
import { type KurrentDbClientKind } from './kurrentdb-client-kind';
import { type StreamsClient } from './streams-client';

// Each client is loaded only when it is chosen, never both: their generated protobuf classes share
// one global namespace (`proto.event_store.client.*`), and whichever loads second replaces the
// other's, which then fails to serialise its own messages (found with both in one process).
/* eslint-disable @typescript-eslint/no-require-imports -- a deferred, synchronous load; see above */
const loadKurrentDbClient = (): typeof KurrentDbClientModule => require('@kurrent/kurrentdb-client') as typeof KurrentDbClientModule;
const loadEventStoreDbClient = (): typeof EventStoreDbClientModule => require('@eventstore/db-client') as typeof EventStoreDbClientModule;
/* eslint-enable @typescript-eslint/no-require-imports */

/** What both clients have under the same names and shapes (the append's option and each one's filter type aside). */
interface SharedCalls<Filter> extends Pick<StreamsClient, 'readStream' | 'readAll' | 'dispose'> {
  subscribeToAll(options: { fromPosition: ReadPosition; filter: Filter }): ReturnType<StreamsClient['subscribeToAllButSystemEvents']>;
  setStreamMetadata(streamName: string, metadata: { maxAge: number }): Promise<unknown>;
}

function streamsClientOf<Filter>(
  client: SharedCalls<Filter>,
  excludeSystemEvents: () => Filter,
  appendToStream: StreamsClient['appendToStream'],
): StreamsClient {
  return {
    appendToStream,
    readStream: (streamName, options) => client.readStream(streamName, options),
    readAll: (options) => client.readAll(options),
    subscribeToAllButSystemEvents: (fromPosition) => client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() }),
    setMaxAge: async (streamName, seconds) => {
      await client.setStreamMetadata(streamName, { maxAge: seconds });
    },
    dispose: () => client.dispose(),
  };
}

/**
 * A client for the server at `connectionString` (any scheme `parseKurrentDbUrl` accepts, rewritten
 * for the chosen client), through the chosen library. Nothing connects before the first call.
 */
export function connectKurrentDb(kind: KurrentDbClientKind, connectionString: string): StreamsClient {
  const url = connectionStringFor(kind, connectionString);
  switch (kind) {
    case 'kurrentdb': {
      const { KurrentDBClient, excludeSystemEvents } = loadKurrentDbClient();
      const client = KurrentDBClient.connectionString(url);
      return streamsClientOf(client, excludeSystemEvents, (streamName, events, expected) => client.appendToStream(streamName, events, { streamState: expected }));
    }
    case 'eventstoredb': {
      const { EventStoreDBClient, excludeSystemEvents } = loadEventStoreDbClient();
      const client = EventStoreDBClient.connectionString(url);
      return streamsClientOf(client, excludeSystemEvents, (streamName, events, expected) => client.appendToStream(streamName, events, { expectedRevision: expected }));
    }
  }
}
