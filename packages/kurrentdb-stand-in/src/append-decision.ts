// Part of the KurrentDB TEST STAND-IN (see serve.ts): the write check.
import { type ExpectedRevision } from './stored-event';

/** What the check needs to know about the target stream. */
export interface StreamState {
  /** undefined: the stream has no events. */
  readonly lastRevision: bigint | undefined;
  /** Whether `$$<stream>` (its metadata stream) has events: enough for `stream_exists`. */
  readonly hasMetadata: boolean;
  /** The revision the event id was last written at in this stream. */
  revisionOf(eventId: string): bigint | undefined;
  eventIdAt(revision: bigint): string | undefined;
}

export type AppendDecision =
  | { readonly kind: 'write' }
  /** An idempotent repeat: nothing is written; the original write ended at `lastRevision`. */
  | { readonly kind: 'already-written'; readonly lastRevision: bigint }
  | { readonly kind: 'wrong-expected-version' };

const write: AppendDecision = { kind: 'write' };
const wrongExpectedVersion: AppendDecision = { kind: 'wrong-expected-version' };

/**
 * EventStoreDB's commit check (IndexWriter.CheckCommit, documented under "Optimistic concurrency
 * and idempotence"), without deletes:
 * - `stream_exists` fails when neither the stream nor its metadata stream has events; after that it
 *   is treated like `any`.
 * - `any`: if the first event id is not already in this stream, the events are written; if every id
 *   is, nothing is written and the original revisions are returned; if only some are, it is
 *   "corrupted idempotency", which surfaces as WrongExpectedVersion.
 * - a revision (or `no_stream` = -1) equal to the current revision writes; greater fails; smaller
 *   compares the ids with the events stored from expected + 1 on: all equal is an idempotent repeat,
 *   any difference is WrongExpectedVersion.
 * The real server remembers ids for `any` in a bounded cache of recent writes; the stand-in
 * remembers every id, so it finds repeats a long-running real server may have forgotten.
 */
export function decideAppend(
  stream: StreamState,
  expected: ExpectedRevision,
  eventIds: readonly string[],
): AppendDecision {
  const current = stream.lastRevision ?? -1n;
  if (expected === 'stream_exists' && current < 0n && !stream.hasMetadata) return wrongExpectedVersion;
  if (expected === 'any' || expected === 'stream_exists') return decideWithoutRevision(stream, eventIds);
  const expectedRevision = expected === 'no_stream' ? -1n : expected;
  if (expectedRevision < current) return decideRepeat(stream, expectedRevision, eventIds);
  if (expectedRevision > current) return wrongExpectedVersion;
  return write;
}

function decideWithoutRevision(stream: StreamState, eventIds: readonly string[]): AppendDecision {
  let lastRevision: bigint | undefined;
  for (const [index, eventId] of eventIds.entries()) {
    const revision = stream.revisionOf(eventId);
    if (revision === undefined) return index === 0 ? write : wrongExpectedVersion;
    lastRevision = revision;
  }
  return lastRevision === undefined ? write : { kind: 'already-written', lastRevision };
}

function decideRepeat(stream: StreamState, expectedRevision: bigint, eventIds: readonly string[]): AppendDecision {
  // An empty append behind the stream's end is simply a wrong expectation.
  if (eventIds.length === 0) return wrongExpectedVersion;
  let revision = expectedRevision;
  for (const eventId of eventIds) {
    revision += 1n;
    if (stream.eventIdAt(revision) !== eventId) return wrongExpectedVersion;
  }
  return { kind: 'already-written', lastRevision: revision };
}
