// `import type`: erased on every compiler, so this file loads neither client (see connect.ts).
import type { AllStreamResolvedEvent, AppendResult, EventData, ReadPosition, ReadRevision, ResolvedEvent } from '@kurrent/kurrentdb-client';

/** The expected revision of an append, as both clients spell its values. */
export type AppendExpectation = 'any' | 'no_stream' | 'stream_exists' | bigint;
export type Direction = 'forwards' | 'backwards';

/**
 * The few calls the adapter makes, which @kurrent/kurrentdb-client and @eventstore/db-client
 * (the KurrentDB and EventStoreDB clients) both offer with the same behaviour (`connect.ts` makes
 * one from either). Only the types of the KurrentDB client are named here, never its code, so
 * choosing the older client loads nothing of the newer one.
 */
export interface StreamsClient {
  /** Appends as one write under an expected revision (`streamState` or `expectedRevision` in the clients' options). */
  appendToStream(streamName: string, events: EventData[], expected: AppendExpectation): Promise<AppendResult>;
  readStream(streamName: string, options: { direction: Direction; fromRevision: ReadRevision; maxCount?: number }): AsyncIterable<ResolvedEvent>;
  readAll(options: { direction: Direction; fromPosition: ReadPosition; maxCount?: number }): AsyncIterable<AllStreamResolvedEvent>;
  /** A catch-up subscription to `$all` that leaves the server's own (`$`-typed) events on the server. */
  subscribeToAllButSystemEvents(fromPosition: ReadPosition): AsyncIterable<ResolvedEvent> & { unsubscribe(): Promise<void> };
  /** Sets the stream's `$maxAge`, after which the server scavenges its events. */
  setMaxAge(streamName: string, seconds: number): Promise<void>;
  dispose(): Promise<void>;
}

/** A JSON event as both clients take it (what their `jsonEvent` returns). */
export function jsonEventData(event: { readonly id: string; readonly type: string; readonly data: unknown; readonly metadata?: unknown }): EventData {
  return { id: event.id, contentType: 'application/json', type: event.type, data: event.data, metadata: event.metadata } as EventData;
}

// Both clients throw their own classes, with the same `type` values: the adapter goes by those,
// so an error of either client is understood (and neither module is needed to test for it).
const typeOf = (error: unknown): unknown => (error instanceof Error ? (error as { type?: unknown }).type : undefined);

export const isStreamNotFound = (error: unknown): boolean => typeOf(error) === 'stream-not-found';

/** The stream's actual revision when `error` is the client's WrongExpectedVersionError, else undefined. */
export function wrongExpectedVersionOf(error: unknown): { readonly actual: bigint | 'no_stream' } | undefined {
  if (typeOf(error) !== 'wrong-expected-version') return undefined;
  // `actualState` in @kurrent/kurrentdb-client, `actualVersion` in @eventstore/db-client.
  const { actualState, actualVersion } = error as { actualState?: unknown; actualVersion?: unknown };
  const actual = actualState ?? actualVersion;
  return { actual: typeof actual === 'bigint' ? actual : 'no_stream' };
}

const unreachableTypes: readonly unknown[] = ['unavailable', 'deadline-exceeded', 'not-leader'];
// gRPC's UNAVAILABLE and DEADLINE_EXCEEDED: the clients wrap them in their own errors on reads,
// but an append to an unreachable server rejects with the bare gRPC error.
const grpcUnreachableCodes: readonly unknown[] = [14, 4];
// Cluster discovery giving up: the server is away, which the client can only wait out.
const discoveryFailed = /Failed to discover after \d+ attempts/;

/**
 * True when `error`, from either client, says the server could not be reached rather than that
 * a request was wrong: no server, no answer in time, or a follower (the client reconnects to the
 * leader for the retry).
 */
export function isKurrentDbUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return unreachableTypes.includes(typeOf(error)) || grpcUnreachableCodes.includes((error as { code?: unknown }).code) || discoveryFailed.test(error.message);
}
