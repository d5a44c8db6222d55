// Part of the KurrentDB TEST STAND-IN (see serve.ts): Streams.Read, which
// reads or subscribes, to one stream or to $all, depending on its options.
import { type handleServerStreamingCall } from '@grpc/grpc-js';
import { type ReadReq, type ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { type InMemoryLog } from './in-memory-log';
import { readAll } from './read-all';
import { parseRead, type ParsedRead } from './read-request';
import { ReadResponseStream } from './read-response-stream';
import { readStream } from './read-stream';
import { asRpcError } from './rpc-errors';
import { allSource, runSubscription, streamSource } from './subscription';

async function serve(response: ReadResponseStream, log: InMemoryLog, { query, uuidFormat }: ParsedRead): Promise<void> {
  switch (query.kind) {
    case 'read-stream':
      return readStream(response, log, query, uuidFormat);
    case 'read-all':
      return readAll(response, log, query, uuidFormat);
    case 'subscribe-stream':
      return runSubscription(response, log, streamSource(log, query.streamId, query.from), uuidFormat);
    case 'subscribe-all':
      return runSubscription(response, log, allSource(log, query.from, query.filter), uuidFormat);
  }
}

/** `closing` aborts when the stand-in closes, ending every read and subscription still running. */
export function readHandler(log: InMemoryLog, closing: AbortSignal): handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    const response = new ReadResponseStream(call, closing);
    let parsed: ParsedRead;
    try {
      parsed = parseRead(call.request);
    } catch (error) {
      return response.fail(asRpcError(error));
    }
    serve(response, log, parsed).catch((error: unknown) => response.fail(asRpcError(error)));
  };
}
