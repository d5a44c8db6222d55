import { type AppendOptions, type AppendResult, type EventStore, type NewEvent, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from '../port/event-store';
import { type EventSubscription, type SubscribeToAllOptions } from '../port/event-subscription';
import { type Snapshot, type SnapshotStore } from '../port/snapshot-store';
import { observedAppend, type AppendObserver } from './append-observer';

/**
 * An event store whose appends are reported to an {@link AppendObserver}; everything else goes
 * to the store unchanged. Wrapped where an app builds its store, so every adapter is measured
 * alike.
 */
export class ObservedEventStore implements EventStore, SnapshotStore {
  constructor(
    private readonly store: EventStore & SnapshotStore,
    private readonly observer: AppendObserver,
  ) {}

  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return observedAppend(this.observer, events.length, () => this.store.appendToStream(streamId, events, options));
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    return this.store.subscribeToAll(options);
  }

  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    return this.store.saveSnapshot(streamId, snapshot);
  }

  loadSnapshot(streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
    return this.store.loadSnapshot(streamId, expectedSchemaVersion);
  }
}
