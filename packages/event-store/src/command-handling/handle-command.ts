import type { EventMetadata, EventStore, ExpectedRevision, JsonValue, RecordedEvent } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';

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

export interface HandleCommandOptions<Event> {
  readonly codec: EventCodec<Event>;
  /** From the edge (HTTP): correlation, actor, idempotency key, occurredAt. The same on every event. */
  readonly metadata: EventMetadata;
  readonly newEventId: () => string;
  /** The client's `If-Match`: decide only on exactly this revision, and never retry. */
  readonly expectedRevision?: bigint;
  /** Attempts when a concurrent writer got there first (default 5). */
  readonly maxAttempts?: number;
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
 */
export async function handleCommand<Command, Event, State, Rejection>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<Command, Event, State, Rejection>,
  command: Command,
  options: HandleCommandOptions<Event>,
): Promise<HandleCommandResult<Rejection>> {
  const maxAttempts = options.expectedRevision === undefined ? (options.maxAttempts ?? 5) : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(store, streamId, decider, command, options);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || options.expectedRevision !== undefined) throw error;
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
      await backoff(attempt);
    }
  }
}

async function attemptOnce<Command, Event, State, Rejection>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<Command, Event, State, Rejection>,
  command: Command,
  options: HandleCommandOptions<Event>,
): Promise<HandleCommandResult<Rejection>> {
  const history = await store.readStream(streamId, { direction: 'forwards' });
  const last = history.at(-1);
  const loadedRevision = last?.streamRevision ?? -1n;
  if (options.expectedRevision !== undefined && options.expectedRevision !== loadedRevision) {
    throw new WrongExpectedVersionError(streamId, options.expectedRevision, last === undefined ? 'no_stream' : loadedRevision);
  }
  const state = history.reduce((current, recorded) => decider.evolve(current, options.codec.decode(recorded)), decider.initialState);
  const decision = decider.decide(command, state);
  if (!decision.ok) return decision;
  if (decision.events.length === 0) {
    return { ok: true, streamId, revision: loadedRevision, position: last?.position ?? -1n, appended: 0 };
  }
  const expected: ExpectedRevision = last === undefined ? 'no_stream' : loadedRevision;
  const events = decision.events.map((event) => ({ ...options.codec.encode(event), eventId: options.newEventId(), metadata: options.metadata }));
  const result = await store.appendToStream(streamId, events, { expectedRevision: expected });
  return { ok: true, streamId, revision: result.nextExpectedRevision, position: result.position, appended: events.length };
}

/** Full jitter (AWS architecture blog): spreads retrying writers apart instead of in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolvePromise) => setTimeout(resolvePromise, Math.random() * ceilingMs));
}
