// The rules of the KurrentDB TEST STAND-IN, without a server: its write check (EventStoreDB's
// documented optimistic concurrency and idempotence) and where reads start.
import { decideAppend, type StreamState } from '../src/append-decision';
import { selectFromAll } from '../src/read-all';
import { selectFromStream } from '../src/read-stream';
import { type ExpectedRevision, type StoredEvent } from '../src/stored-event';

/** A stream holding events with these ids at revisions 0, 1, ... */
function streamOf(ids: string[], hasMetadata = false): StreamState {
  return {
    lastRevision: ids.length === 0 ? undefined : BigInt(ids.length - 1),
    hasMetadata,
    revisionOf: (id) => (ids.includes(id) ? BigInt(ids.lastIndexOf(id)) : undefined),
    eventIdAt: (revision) => ids[Number(revision)],
  };
}

describe('the stand-in write check', () => {
  const written = streamOf(['a', 'b', 'c']);
  const cases: [string, StreamState, ExpectedRevision, string[], ReturnType<typeof decideAppend>][] = [
    ['no_stream on a missing stream writes', streamOf([]), 'no_stream', ['a'], { kind: 'write' }],
    ['no_stream on an existing stream, new ids, fails', written, 'no_stream', ['x'], { kind: 'wrong-expected-version' }],
    ['no_stream repeating the first write is idempotent', written, 'no_stream', ['a', 'b'], { kind: 'already-written', lastRevision: 1n }],
    ['the current revision writes', written, 2n, ['x'], { kind: 'write' }],
    ['a revision ahead fails', written, 3n, ['x'], { kind: 'wrong-expected-version' }],
    ['a stale revision with the ids stored after it is idempotent', written, 0n, ['b', 'c'], { kind: 'already-written', lastRevision: 2n }],
    ['a stale revision with other ids fails', written, 0n, ['x'], { kind: 'wrong-expected-version' }],
    ['a stale revision with partly stored ids fails', written, 0n, ['b', 'x'], { kind: 'wrong-expected-version' }],
    ['a stale revision with the ids running past the end fails', written, 1n, ['c', 'd'], { kind: 'wrong-expected-version' }],
    ['an empty append behind the end fails', written, 0n, [], { kind: 'wrong-expected-version' }],
    ['any with new ids writes', written, 'any', ['x', 'y'], { kind: 'write' }],
    ['any with stored ids is idempotent, wherever they are', written, 'any', ['b', 'c'], { kind: 'already-written', lastRevision: 2n }],
    ['any with the first id stored and the next not fails', written, 'any', ['a', 'x'], { kind: 'wrong-expected-version' }],
    ['any with a new first id writes, even if later ids are stored', written, 'any', ['x', 'a'], { kind: 'write' }],
    ['stream_exists on a missing stream fails', streamOf([]), 'stream_exists', ['a'], { kind: 'wrong-expected-version' }],
    ['stream_exists with only a metadata stream writes', streamOf([], true), 'stream_exists', ['a'], { kind: 'write' }],
    ['stream_exists with stored ids is idempotent', written, 'stream_exists', ['c'], { kind: 'already-written', lastRevision: 2n }],
  ];

  it.each(cases)('%s', (_name, stream, expected, ids, decision) => {
    expect(decideAppend(stream, expected, ids)).toEqual(decision);
  });
});

const stored = (n: number): StoredEvent => ({
  eventId: `id-${n}`,
  type: n % 2 === 0 ? 'Even' : '$odd',
  isJson: true,
  data: new Uint8Array(),
  customMetadata: new Uint8Array(),
  streamId: 's',
  revision: BigInt(n),
  position: BigInt(100 * (n + 1)),
  createdTicks: 0n,
});
const ids = (events: StoredEvent[]): string[] => events.map((event) => event.eventId);

describe('where the stand-in reads start', () => {
  const events = [0, 1, 2, 3].map(stored);

  it('reads a stream from a revision inclusively, both ways, clamped to the stream', () => {
    expect(ids(selectFromStream(events, 1n, 'forwards', 10n))).toEqual(['id-1', 'id-2', 'id-3']);
    expect(ids(selectFromStream(events, 1n, 'backwards', 10n))).toEqual(['id-1', 'id-0']);
    expect(ids(selectFromStream(events, 9n, 'backwards', 2n))).toEqual(['id-3', 'id-2']);
    expect(ids(selectFromStream(events, 'start', 'backwards', 10n))).toEqual(['id-0']);
    expect(selectFromStream(events, 9n, 'forwards', 10n)).toEqual([]);
  });

  it('reads $all forwards from a position inclusively, backwards exclusively, counting filtered events only', () => {
    const at = (position: bigint) => ({ commit: position, prepare: position });
    expect(ids(selectFromAll(events, at(200n), 'forwards', 2n))).toEqual(['id-1', 'id-2']);
    expect(ids(selectFromAll(events, at(250n), 'forwards', 1n))).toEqual(['id-2']);
    expect(ids(selectFromAll(events, at(300n), 'backwards', 10n))).toEqual(['id-1', 'id-0']);
    expect(ids(selectFromAll(events, 'end', 'backwards', 1n, (event) => !event.type.startsWith('$')))).toEqual(['id-2']);
    expect(ids(selectFromAll(events, 'start', 'forwards', 2n, (event) => event.type.startsWith('$')))).toEqual(['id-1', 'id-3']);
  });
});
