// Part of the KurrentDB TEST STAND-IN (see serve.ts): Streams.Read requests,
// parsed into the four things Read does (read or subscribe, to one stream or to $all).
import { ReadReq } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { streamNameOf, type UuidFormat } from './conversions';
import { eventFilterOf, subscriptionFilterOf, type EventFilter, type SubscriptionFilter } from './event-filter';
import { invalidArgument } from './rpc-errors';
import { type LogPosition } from './stored-event';

export type Direction = 'forwards' | 'backwards';
export type StreamFrom = 'start' | 'end' | bigint;
export type AllFrom = 'start' | 'end' | LogPosition;

export interface ReadStreamQuery {
  readonly kind: 'read-stream';
  readonly streamId: string;
  readonly from: StreamFrom;
  readonly direction: Direction;
  readonly maxCount: bigint;
}

export interface ReadAllQuery {
  readonly kind: 'read-all';
  readonly from: AllFrom;
  readonly direction: Direction;
  readonly maxCount: bigint;
  readonly filter: EventFilter | undefined;
}

export interface SubscribeToStreamQuery {
  readonly kind: 'subscribe-stream';
  readonly streamId: string;
  readonly from: StreamFrom;
}

export interface SubscribeToAllQuery {
  readonly kind: 'subscribe-all';
  readonly from: AllFrom;
  readonly filter: SubscriptionFilter | undefined;
}

export type ReadQuery = ReadStreamQuery | ReadAllQuery | SubscribeToStreamQuery | SubscribeToAllQuery;

export interface ParsedRead {
  readonly query: ReadQuery;
  readonly uuidFormat: UuidFormat;
}

const Options = ReadReq.Options;

function streamFromOf(stream: ReadReq.Options.StreamOptions): StreamFrom {
  switch (stream.getRevisionOptionCase()) {
    case Options.StreamOptions.RevisionOptionCase.START:
      return 'start';
    case Options.StreamOptions.RevisionOptionCase.END:
      return 'end';
    case Options.StreamOptions.RevisionOptionCase.REVISION:
      return BigInt(stream.getRevision());
    case Options.StreamOptions.RevisionOptionCase.REVISION_OPTION_NOT_SET:
      throw invalidArgument('ReadReq stream options have no revision option');
  }
}

function allFromOf(all: ReadReq.Options.AllOptions): AllFrom {
  switch (all.getAllOptionCase()) {
    case Options.AllOptions.AllOptionCase.START:
      return 'start';
    case Options.AllOptions.AllOptionCase.END:
      return 'end';
    case Options.AllOptions.AllOptionCase.POSITION: {
      const position = all.getPosition();
      if (position === undefined) throw invalidArgument('ReadReq $all options have an empty position');
      return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
    }
    case Options.AllOptions.AllOptionCase.ALL_OPTION_NOT_SET:
      throw invalidArgument('ReadReq $all options have no position option');
  }
}

function streamIdOf(stream: ReadReq.Options.StreamOptions): string {
  const streamId = streamNameOf(stream.getStreamIdentifier());
  if (streamId === undefined) throw invalidArgument('ReadReq stream options have no stream identifier');
  return streamId;
}

function queryOf(options: ReadReq.Options): ReadQuery {
  const stream = options.getStream();
  const all = options.getAll();
  const filter = options.getFilter();
  const subscribing = options.hasSubscription();
  if (!subscribing && !options.hasCount()) throw invalidArgument('ReadReq has neither a count nor a subscription');
  const direction: Direction =
    options.getReadDirection() === Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
  if (subscribing && direction === 'backwards') throw invalidArgument('A subscription cannot read backwards');
  const maxCount = BigInt(options.getCount());
  if (stream !== undefined) {
    // As on the server: filters apply to $all only.
    if (filter !== undefined) throw invalidArgument('The combination of a stream read and a filter is invalid');
    const streamId = streamIdOf(stream);
    const from = streamFromOf(stream);
    if (subscribing) return { kind: 'subscribe-stream', streamId, from };
    return { kind: 'read-stream', streamId, from, direction, maxCount };
  }
  if (all === undefined) throw invalidArgument('ReadReq reads neither a stream nor $all');
  const from = allFromOf(all);
  if (subscribing) {
    return { kind: 'subscribe-all', from, filter: filter === undefined ? undefined : subscriptionFilterOf(filter) };
  }
  return { kind: 'read-all', from, direction, maxCount, filter: filter === undefined ? undefined : eventFilterOf(filter) };
}

/** Throws an RpcError (INVALID_ARGUMENT) for a request the server would refuse. */
export function parseRead(request: ReadReq): ParsedRead {
  const options = request.getOptions();
  if (options === undefined) throw invalidArgument('ReadReq has no options');
  // Structured unless the client asks for strings (the Node client always does).
  const uuidFormat: UuidFormat = options.getUuidOption()?.hasString() === true ? 'string' : 'structured';
  return { query: queryOf(options), uuidFormat };
}
