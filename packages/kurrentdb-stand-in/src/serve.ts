// TEST STAND-IN for KurrentDB (formerly EventStoreDB): not a product, not a database, never to be
// deployed. No KurrentDB server can be installed where this project is tested, so the event store
// adapter is checked against this gRPC server instead. It is built from @kurrent/kurrentdb-client's
// own generated service definitions and messages (imported by path: the package has no `exports`
// map, so `@kurrent/kurrentdb-client/generated/*` resolves under nodenext/CommonJS with the `.d.ts`
// files beside the generated JavaScript), and keeps events in memory for the life of one test run.
//
// It serves, over insecure gRPC, what both Node clients (@kurrent/kurrentdb-client 1.x and
// @eventstore/db-client 6.x) need for a single node reached as `kurrentdb://host:port?tls=false`
// (`esdb://` for the older client): ServerFeatures.GetSupportedMethods, Streams.Append,
// Streams.BatchAppend and Streams.Read (stream and $all reads, filters, catch-up subscriptions).
// Such a client connects straight to that address: no gossip, and nothing is sent until the first
// call. The KurrentDB client asks GetSupportedMethods twice (its JavaScript half, which appends and
// subscribes, and its Rust half, @kurrent/bridge, which reads streams and $all) and appends through
// BatchAppend. Delete and Tombstone answer UNIMPLEMENTED, and so does everything of protocol v2
// (MultiStreamAppend, AppendSession, AppendRecords: the clients ask for them only when the server
// lists them, which it does not); there are no persistent subscriptions, projections, users,
// ACLs, stream metadata semantics (max age, truncation) or link resolution. The semantics it does
// implement, and where they differ from a real server, are written down next to the code
// (append-decision.ts, in-memory-log.ts, read-stream.ts, read-all.ts, subscription.ts).
//
// This file serves in the calling thread; tests start it in a worker of its own
// (start-kurrentdb-stand-in.ts), because both clients register their generated protobuf classes
// in one global namespace and break each other when they meet in one JavaScript realm.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { InMemoryLog } from './in-memory-log';
import { DEFAULT_MAX_APPEND_SIZE } from './proposed-event';
import { getSupportedMethodsHandler } from './server-features';
import { streamsService } from './streams-service';

export interface KurrentDbStandInOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface ServingStandIn {
  /** `kurrentdb://127.0.0.1:4321?tls=false`. */
  readonly url: string;
  /** Ends every open call (subscriptions see the connection drop) and frees the port. */
  close(): void;
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

/** Serves an empty KurrentDB TEST STAND-IN in this thread; each call has its own log. */
export async function serveKurrentDbStandIn(options: KurrentDbStandInOptions = {}): Promise<ServingStandIn> {
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();
  const server = new Server();
  server.addService(StreamsService, streamsService({ log: new InMemoryLog(), maxAppendSize: DEFAULT_MAX_APPEND_SIZE, closing: closing.signal }));
  server.addService(ServerFeaturesService, { getSupportedMethods: getSupportedMethodsHandler });
  const port = await bind(server, addressOf(host, options.port ?? 0));
  return {
    url: `kurrentdb://${addressOf(host, port)}?tls=false`,
    close: () => {
      if (closing.signal.aborted) return;
      closing.abort();
      server.forceShutdown();
    },
  };
}
