import type { EventMetadata, ExpectedRevision, JsonValue, RecordedEvent } from '../port/event-store';
import { shouldSnapshot } from '../port/snapshot-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { lastPositionOf, loadState, reportSnapshotError, type CommandSnapshots, type StreamStore } from './load-state';
import { type StateCache } from './state-cache';
import { inSpan, ledgerTracer, traceparentOfActiveSpan } from '../tracing/event-tracing';

/** The aggregate as pure functions; structurally the same as `Decider` in @ledger/domain. */
export interface CommandDecider<Command, Event, State, Rejection> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (
    command: Command,
    state: State,
  ) => { readonly ok: true; readonly events: readonly Event[] } | { readonly ok: false; readonly error: Rejection };
}

/** Domain events to and from their stored shape (wire name, schema version, JSON data). */
export interface EventCodec<Event> {
  readonly encode: (event: Event) => { readonly type: string; readonly schemaVersion: number; readonly data: JsonValue };
  readonly decode: (recorded: RecordedEvent) => Event;
}

export interface HandleCommandOptions<Event, State = unknown, Rejection = unknown> {
  readonly codec: EventCodec<Event>;
  /**
   * Whether the caller may act on this stream at all, asked of the loaded state before anything
   * else about it (the client's expected revision included): a refusal here is answered like the
   * decider's, and says nothing the caller may not know.
   */
  readonly admit?: (state: State) => Rejection | undefined;
  /** From the edge (HTTP): correlation, actor, idempotency key, occurredAt. The same on every event. */
  readonly metadata: EventMetadata;
  readonly newEventId: () => string;
  /** The client's `If-Match`: decide only on exactly this revision, and never retry. */
  readonly expectedRevision?: bigint;
  /** Attempts when a concurrent writer got there first (default 5). */
  readonly maxAttempts?: number;
  /** Load from the stream's snapshot and keep it current; without it, every load replays the stream. */
  readonly snapshots?: CommandSnapshots<State>;
  /**
   * A snapshot could not be loaded, read or saved. The command went on without it (a snapshot
   * is a cache), so this is for logs and metrics only.
   */
  readonly onSnapshotError?: (error: unknown) => void;
  /**
   * Decide on the state this process left the stream in, without loading it (state-cache.ts).
   * Only for a `store` whose successful append is committed: never inside a transaction that
   * may still roll back (the idempotency path), or a state that never existed would be cached.
   * Ignored with `expectedRevision`, which must be checked against the stored stream.
   */
  readonly stateCache?: StateCache<State>;
}

/** Where the stream stands after the command: what the API answers with. */
export interface CommandOutcome {
  readonly streamId: string;
  /** The stream's revision after the command (-1 when it still has no event). */
  readonly revision: bigint;
  /** The store position of the last event written, or of the stream's last event when none was needed. */
  readonly position: bigint;
  readonly appended: number;
}

export type HandleCommandResult<Rejection> =
  | ({ readonly ok: true } & CommandOutcome)
  | { readonly ok: false; readonly error: Rejection };

/** Retries ran out: other writers kept winning. The API answers 409 CONCURRENCY_CONFLICT. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Stream ${streamId}: still conflicting after ${attempts} attempts`);
  }
}

/**
 * Load → decide → append at the loaded revision. On a conflict (another writer appended in
 * between) the stream is reloaded and the command decided again, a bounded number of times
 * with jittered backoff, because the decision may differ on the new state. With an explicit
 * `expectedRevision` (If-Match) nothing is retried: a mismatch is the client's to resolve and
 * surfaces as `WrongExpectedVersionError`. A refusal by the domain appends nothing.
 *
 * With `snapshots`, loading starts from the stream's snapshot and reads only the events after
 * it; after an append that passes the count policy, the new state is saved as the snapshot.
 * With `stateCache`, a stream this process wrote last is not loaded at all.
 * A snapshot failure never fails the command: it is reported to `onSnapshotError`.
 */
export async function handleCommand<Command, Event, State, Rejection>(
  store: StreamStore,
  streamId: string,
  decider: CommandDecider<Command, Event, State, Rejection>,
  command: Command,
  options: HandleCommandOptions<Event, State, Rejection>,
): Promise<HandleCommandResult<Rejection>> {
  // A bad policy must throw before anything is appended, not after, when the policy is applied.
  if (options.snapshots !== undefined) shouldSnapshot(undefined, 0n, options.snapshots.every);
  const maxAttempts = options.expectedRevision === undefined ? (options.maxAttempts ?? 5) : 1;
  const cache = options.expectedRevision === undefined ? options.stateCache : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(store, streamId, decider, command, options, cache);
    } catch (error) {
      // Stale (another writer appended) or unknown (the append may or may not have committed).
      cache?.delete(streamId);
      if (!(error instanceof WrongExpectedVersionError) || options.expectedRevision !== undefined) throw error;
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
      await backoff(attempt);
    }
  }
}

async function attemptOnce<Command, Event, State, Rejection>(
  store: StreamStore,
  streamId: string,
  decider: CommandDecider<Command, Event, State, Rejection>,
  command: Command,
  options: HandleCommandOptions<Event, State, Rejection>,
  cache: StateCache<State> | undefined,
): Promise<HandleCommandResult<Rejection>> {
  const fold = { initialState: decider.initialState, evolve: decider.evolve, decode: options.codec.decode };
  const loaded = cache?.get(streamId) ?? (await loadState(store, streamId, fold, options.snapshots, options.onSnapshotError));
  const refused = options.admit?.(loaded.state);
  if (refused !== undefined) return { ok: false, error: refused };
  const stored: ExpectedRevision = loaded.revision < 0n ? 'no_stream' : loaded.revision;
  if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision) {
    throw new WrongExpectedVersionError(streamId, options.expectedRevision, stored);
  }
  const decision = decided(decider, command, loaded.state, loaded.revision);
  if (!decision.ok) return decision;
  if (decision.events.length === 0) {
    const position = loaded.position ?? (await lastPositionOf(store, streamId));
    return { ok: true, streamId, revision: loaded.revision, position, appended: 0 };
  }
  const metadata = withActiveTraceparent(options.metadata);
  const events = decision.events.map((event) => ({ ...options.codec.encode(event), eventId: options.newEventId(), metadata }));
  const result = await inSpan('append', { 'ledger.stream.id': streamId, 'ledger.stream.expected_revision': String(stored), 'ledger.events.count': events.length }, async (span) => {
    const appended = await store.appendToStream(streamId, events, { expectedRevision: stored });
    span.setAttributes({ 'ledger.stream.revision': Number(appended.nextExpectedRevision), 'ledger.store.position': appended.position.toString() });
    return appended;
  });
  const state = decision.events.reduce((current, event) => decider.evolve(current, event), loaded.state);
  const saved = await saveSnapshotIfDue(streamId, loaded.snapshotRevision, state, result.nextExpectedRevision, options);
  cache?.set(streamId, { state, revision: result.nextExpectedRevision, position: result.position, snapshotRevision: saved ? result.nextExpectedRevision : loaded.snapshotRevision });
  return { ok: true, streamId, revision: result.nextExpectedRevision, position: result.position, appended: events.length };
}

/** The decider's answer, in a span of its own so a trace shows deciding apart from loading and appending. */
function decided<Command, Event, State, Rejection>(
  decider: CommandDecider<Command, Event, State, Rejection>,
  command: Command,
  state: State,
  revision: bigint,
): ReturnType<CommandDecider<Command, Event, State, Rejection>['decide']> {
  const span = ledgerTracer().startSpan('decide', { attributes: { 'ledger.stream.loaded_revision': Number(revision) } });
  try {
    const decision = decider.decide(command, state);
    span.setAttributes(decision.ok ? { 'ledger.events.count': decision.events.length } : { 'ledger.command.refused': true });
    return decision;
  } finally {
    span.end();
  }
}

/**
 * The events carry the span they were appended in, so the relay and every projection join the
 * command's trace. Without an active span (tracing off) the caller's traceparent stays as it came.
 */
function withActiveTraceparent(metadata: EventMetadata): EventMetadata {
  const traceparent = traceparentOfActiveSpan();
  return traceparent === undefined ? metadata : { ...metadata, traceparent };
}

// Awaited so the next command finds it, but a failure only costs a longer load later.
// Answers whether a snapshot of `revision` was saved.
async function saveSnapshotIfDue<Event, State>(
  streamId: string,
  snapshotRevision: bigint | undefined,
  state: State,
  revision: bigint,
  options: HandleCommandOptions<Event, State, unknown>,
): Promise<boolean> {
  const snapshots = options.snapshots;
  if (snapshots === undefined || !shouldSnapshot(snapshotRevision, revision, snapshots.every)) return false;
  try {
    await snapshots.store.saveSnapshot(streamId, { revision, schemaVersion: snapshots.schemaVersion, state: snapshots.toJson(state) });
    return true;
  } catch (error) {
    reportSnapshotError(options.onSnapshotError, error);
    return false;
  }
}

/** Full jitter (AWS architecture blog): spreads retrying writers apart instead of in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolvePromise) => setTimeout(resolvePromise, Math.random() * ceilingMs));
}
