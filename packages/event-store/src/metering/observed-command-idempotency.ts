import { type JsonValue } from '../port/event-store';
import { type CommandIdempotency, type CommandStore, type IdempotencyClaim, type IdempotentOutcome } from '../port/command-idempotency';
import { observedAppend, type AppendObserver } from './append-observer';

function observedCommandStore(store: CommandStore, observer: AppendObserver): CommandStore {
  return {
    appendToStream: (streamId, events, options) => observedAppend(observer, events.length, () => store.appendToStream(streamId, events, options)),
    readStream: (streamId, options) => store.readStream(streamId, options),
    saveSnapshot: (streamId, snapshot) => store.saveSnapshot(streamId, snapshot),
    loadSnapshot: (streamId, expectedSchemaVersion) => store.loadSnapshot(streamId, expectedSchemaVersion),
  };
}

/**
 * Idempotent commands append through the store `execute` lends them (bound to the key's
 * transaction on PostgreSQL), not through the app's event store: this reports those appends
 * too, so the append metrics see every append a command makes.
 */
export class ObservedCommandIdempotency implements CommandIdempotency {
  constructor(
    private readonly idempotency: CommandIdempotency,
    private readonly observer: AppendObserver,
  ) {}

  execute<Result extends JsonValue>(claim: IdempotencyClaim, work: (store: CommandStore) => Promise<Result>): Promise<IdempotentOutcome<Result>> {
    return this.idempotency.execute(claim, (store) => work(observedCommandStore(store, this.observer)));
  }

  deleteExpired(limit: number): Promise<number> {
    return this.idempotency.deleteExpired(limit);
  }
}
