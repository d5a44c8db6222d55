import { type RecordedEvent } from '@ledger/event-store';
import {
  type DeadLetter,
  type DeadLetterTable,
  type NewDeadLetter,
  type ProjectionUnit,
  type ProjectionUnits,
  type ReadModelWriter,
  type ReadProgress,
} from '../../src';

interface MemoryState {
  revisions: Map<string, bigint>;
  applied: RecordedEvent[];
  letters: DeadLetter[];
  /** `topic/partition` → next offset. */
  offsets: Map<string, bigint>;
}

const copy = (state: MemoryState): MemoryState => ({
  revisions: new Map(state.revisions),
  applied: [...state.applied],
  letters: state.letters.map((letter) => ({ ...letter })),
  offsets: new Map(state.offsets),
});

/**
 * Units of work in memory, rolled back when the work throws like a transaction: what the batch
 * algorithm sees of a store, without a server. `fail` makes `apply` throw for chosen events.
 */
export class MemoryUnits implements ProjectionUnits {
  state: MemoryState = { revisions: new Map(), applied: [], letters: [], offsets: new Map() };
  fail: (event: RecordedEvent) => Error | undefined = () => undefined;
  applyCalls = 0;

  async run<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    const before = copy(this.state);
    try {
      return await work({ writer: this.writer(), deadLetters: this.deadLetters(), progress: this.progress() });
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  runExclusive<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T> {
    return this.run(work);
  }

  private writer(): ReadModelWriter {
    const apply = (events: readonly RecordedEvent[]): Promise<void> => {
      this.applyCalls += 1;
      for (const event of events) {
        const error = this.fail(event);
        if (error !== undefined) return Promise.reject(error);
        const last = this.state.revisions.get(event.streamId) ?? -1n;
        if (event.streamRevision !== last + 1n) return Promise.reject(new Error(`out of order: ${event.streamId}@${event.streamRevision} after ${last}`));
        this.state.revisions.set(event.streamId, event.streamRevision);
        this.state.applied.push(event);
      }
      return Promise.resolve();
    };
    return {
      lastRevisions: (streamIds) => Promise.resolve(new Map(streamIds.flatMap((id) => { const revision = this.state.revisions.get(id); return revision === undefined ? [] : [[id, revision] as const]; }))),
      apply,
      applyOne: (event) => apply([event]),
      skip: (streamId, revision) => Promise.resolve(void this.state.revisions.set(streamId, revision)),
    };
  }

  private progress(): ReadProgress {
    return {
      advance: (topic, partition, nextOffset) => {
        const key = `${topic}/${partition}`;
        const stored = this.state.offsets.get(key);
        if (stored === undefined || stored < nextOffset) this.state.offsets.set(key, nextOffset);
        return Promise.resolve();
      },
    };
  }

  private deadLetters(): DeadLetterTable {
    const add = (letter: NewDeadLetter, status: 'open' | 'waiting', blockedBy: number | null): number => {
      const existing = this.state.letters.find((entry) => entry.eventId !== null && entry.eventId === letter.eventId);
      if (existing !== undefined) return existing.id;
      const id = this.state.letters.length + 1;
      const now = new Date();
      this.state.letters.push({ ...letter, id, status, blockedBy, createdAt: now, updatedAt: now, resolvedAt: null, resolution: null });
      return id;
    };
    const unresolved = () => this.state.letters.filter((letter) => letter.status === 'open' || letter.status === 'waiting');
    return {
      heldStreams: (streamIds) =>
        Promise.resolve(new Map(unresolved().filter((letter) => letter.streamId !== null && streamIds.includes(letter.streamId)).map((letter) => [letter.streamId ?? '', letter.blockedBy ?? letter.id]))),
      open: (letter) => Promise.resolve(add(letter, 'open', null)),
      park: (letter, blockedBy) => Promise.resolve(add(letter, 'waiting', blockedBy)),
      lock: (id) => Promise.resolve(this.state.letters.find((letter) => letter.id === id)),
      resolve: () => Promise.reject(new Error('not used here')),
      reopen: () => Promise.reject(new Error('not used here')),
      waitingBehind: () => Promise.reject(new Error('not used here')),
      reblock: () => Promise.reject(new Error('not used here')),
    };
  }
}
