import { type EventStore, type JsonValue, type RecordedEvent } from '../port/event-store';
import { type SnapshotStore } from '../port/snapshot-store';

/** How `handleCommand` keeps an aggregate's snapshots: where, in which shape, and how often. */
export interface CommandSnapshots<State> {
  readonly store: SnapshotStore;
  /** The shape of `toJson`'s output: snapshots saved with another version are ignored. */
  readonly schemaVersion: number;
  /** Count policy (see `shouldSnapshot`): save once this many events followed the last snapshot. */
  readonly every: number;
  readonly toJson: (state: State) => JsonValue;
  /** May throw on a snapshot it cannot read: the state is then rebuilt from the events. */
  readonly fromJson: (json: JsonValue) => State;
}

/** What loading needs of an aggregate's snapshots: where they are, which shape, how to read one. */
export type SnapshotReading<State> = Pick<CommandSnapshots<State>, 'store' | 'schemaVersion' | 'fromJson'>;

/** What command handling needs of a store: one stream read and appended to. */
export type StreamStore = Pick<EventStore, 'readStream' | 'appendToStream'>;

/** What loading needs of the aggregate: how to fold its stored events. */
export interface StateFold<Event, State> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decode: (recorded: RecordedEvent) => Event;
}

export interface LoadedState<State> {
  readonly state: State;
  /** The stream's last revision: -1 when it has no event. */
  readonly revision: bigint;
  /** Position of the last event read; undefined when a snapshot covered the whole stream. */
  readonly position: bigint | undefined;
  /** Revision of the snapshot loading started from, for the count policy. */
  readonly snapshotRevision: bigint | undefined;
}

/** The state at the stream's end: the snapshot (if usable) folded with the events after it. */
export async function loadState<Event, State>(
  store: StreamStore,
  streamId: string,
  fold: StateFold<Event, State>,
  snapshots: SnapshotReading<State> | undefined,
  onSnapshotError: ((error: unknown) => void) | undefined,
): Promise<LoadedState<State>> {
  const start = snapshots === undefined ? undefined : await startingPoint(streamId, snapshots, onSnapshotError);
  const events = await store.readStream(streamId, {
    direction: 'forwards',
    ...(start === undefined ? {} : { fromRevision: start.revision + 1n }),
  });
  const state = events.reduce((current, recorded) => fold.evolve(current, fold.decode(recorded)), start?.state ?? fold.initialState);
  const last = events.at(-1);
  return { state, revision: last?.streamRevision ?? start?.revision ?? -1n, position: last?.position, snapshotRevision: start?.revision };
}

/** Position of the stream's last event (-1 for an empty stream), when loading did not read it. */
export async function lastPositionOf(store: StreamStore, streamId: string): Promise<bigint> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  return last?.position ?? -1n;
}

// A snapshot is a cache: one that cannot be loaded or read costs a full replay, never the command.
async function startingPoint<State>(
  streamId: string,
  snapshots: SnapshotReading<State>,
  onSnapshotError: ((error: unknown) => void) | undefined,
): Promise<{ readonly state: State; readonly revision: bigint } | undefined> {
  try {
    const snapshot = await snapshots.store.loadSnapshot(streamId, snapshots.schemaVersion);
    return snapshot === undefined ? undefined : { state: snapshots.fromJson(snapshot.state), revision: snapshot.revision };
  } catch (error) {
    reportSnapshotError(onSnapshotError, error);
    return undefined;
  }
}

/** Tells the caller a snapshot failed; a throwing callback must not fail the command either. */
export function reportSnapshotError(onSnapshotError: ((error: unknown) => void) | undefined, error: unknown): void {
  try {
    onSnapshotError?.(error);
  } catch {
    // Nothing left to tell: the command's outcome stands.
  }
}
