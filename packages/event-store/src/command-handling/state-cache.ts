import { type LoadedState } from './load-state';

/**
 * The states this process last decided on and committed, by stream: the next command on a
 * stream decides on it without loading (no snapshot read, no stream read). It is only a guess:
 * the append still expects the cached revision, so if another writer moved the stream the append
 * conflicts, the entry is dropped and the command is loaded and decided afresh. Only states
 * whose events are known committed may be cached (see `handleCommand`'s `stateCache`).
 */
export interface StateCache<State> {
  get(streamId: string): LoadedState<State> | undefined;
  set(streamId: string, loaded: LoadedState<State>): void;
  delete(streamId: string): void;
}

/** A `StateCache` of at most `capacity` streams, evicting the least recently used. */
export class LruStateCache<State> implements StateCache<State> {
  private readonly entries = new Map<string, LoadedState<State>>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a state cache holds at least one stream, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): LoadedState<State> | undefined {
    const loaded = this.entries.get(streamId);
    if (loaded !== undefined) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, loaded);
    }
    return loaded;
  }

  set(streamId: string, loaded: LoadedState<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, loaded);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
