// TEST STAND-IN for EventStoreDB: not a product, not a database, never to be deployed. No
// EventStoreDB server can be installed where this project is tested, so the EventStoreDB adapter
// is checked against this gRPC server instead. It is built from @eventstore/db-client's own
// generated service definitions and messages (imported by path: the package has no `exports`
// map, so `@eventstore/db-client/generated/*` resolves under nodenext/CommonJS with the `.d.ts`
// files beside the generated JavaScript), and keeps events in memory for the life of one test run.
//
// It serves, over insecure gRPC, what the Node client needs for a single node reached as
// `esdb://host:port?tls=false`: ServerFeatures.GetSupportedMethods, Streams.Append,
// Streams.BatchAppend and Streams.Read (stream and $all reads, filters, catch-up subscriptions).
// Such a client connects straight to that address: no gossip, and nothing is sent until the
// first call; the first append asks GetSupportedMethods and then uses BatchAppend. Delete and
// Tombstone answer UNIMPLEMENTED; there are no persistent subscriptions, projections, users,
// ACLs, stream metadata semantics (max age, truncation) or link resolution. The semantics it
// does implement, and where they differ from a real server, are written down next to the code
// (append-decision.ts, in-memory-log.ts, read-stream.ts, read-all.ts, subscription.ts).
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { InMemoryLog } from './in-memory-log';
import { DEFAULT_MAX_APPEND_SIZE } from './proposed-event';
import { getSupportedMethodsHandler } from './server-features';
import { streamsService } from './streams-service';

export interface EventStoreDbStandInOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface EventStoreDbStandIn {
  /** A connection string for `EventStoreDBClient.connectionString`, e.g. `esdb://127.0.0.1:4321?tls=false`. */
  readonly url: string;
  /** Ends every open call (subscriptions see the connection drop) and frees the port; safe to destructure. */
  close(this: void): Promise<void>;
}

const addressOf = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
      if (error === null) resolve(port);
      else reject(error);
    });
  });
}

/** Starts an empty EventStoreDB TEST STAND-IN; each call has its own log. */
export async function startEventStoreDbStandIn(options: EventStoreDbStandInOptions = {}): Promise<EventStoreDbStandIn> {
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();
  const server = new Server();
  server.addService(
    StreamsService,
    streamsService({ log: new InMemoryLog(), maxAppendSize: DEFAULT_MAX_APPEND_SIZE, closing: closing.signal }),
  );
  server.addService(ServerFeaturesService, { getSupportedMethods: getSupportedMethodsHandler });
  const port = await bind(server, addressOf(host, options.port ?? 0));
  return {
    url: `esdb://${addressOf(host, port)}?tls=false`,
    close: () => {
      if (!closing.signal.aborted) {
        closing.abort();
        server.forceShutdown();
      }
      return Promise.resolve();
    },
  };
}
