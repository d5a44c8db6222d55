// Part of the KurrentDB TEST STAND-IN (see serve.ts): the Streams service.
import { type IStreamsServer } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { appendHandler } from './append';
import { batchAppendHandler } from './batch-append';
import { type InMemoryLog } from './in-memory-log';
import { readHandler } from './read';
import { unimplemented } from './rpc-errors';

export interface StreamsServiceOptions {
  readonly log: InMemoryLog;
  readonly maxAppendSize: number;
  /** Aborts when the stand-in closes. */
  readonly closing: AbortSignal;
}

export function streamsService({ log, maxAppendSize, closing }: StreamsServiceOptions): IStreamsServer {
  return {
    read: readHandler(log, closing),
    append: appendHandler(log, maxAppendSize),
    batchAppend: batchAppendHandler(log, maxAppendSize),
    delete: (_call, callback) => callback(unimplemented('Streams.Delete')),
    tombstone: (_call, callback) => callback(unimplemented('Streams.Tombstone')),
  };
}
