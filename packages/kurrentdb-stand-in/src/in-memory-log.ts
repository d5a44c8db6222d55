// Part of the KurrentDB TEST STAND-IN (see serve.ts): the in-memory log.
// Keeping events in memory is acceptable only because this is a test double; nothing survives close().
import { decideAppend, type StreamState } from './append-decision';
import { ticksSinceEpoch } from './conversions';
import { type ExpectedRevision, type ProposedEvent, type StoredEvent } from './stored-event';

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** The stream's revision after the write (or the original write's, for a repeat); undefined: still no stream. */
      readonly lastRevision: bigint | undefined;
      /** Position of the last event written (or originally written); undefined when nothing was. */
      readonly position: bigint | undefined;
    }
  | { readonly kind: 'wrong-expected-version'; readonly currentRevision: bigint | undefined };

interface StreamRecord {
  readonly events: StoredEvent[];
  readonly revisionByEventId: Map<string, bigint>;
}

// Positions imitate EventStoreDB's byte offsets into one transaction log: they grow by each
// record's size, so they have gaps, and no event sits at 0 (a real database starts with records
// of its own). Each event gets its own position, commit == prepare, strictly increasing, also
// within one multi-event append: that is how EventStoreDB 20.6+ reports the events of an ordinary
// (non-transaction) append over gRPC. The append's result carries the last event's position.
const FIRST_EVENT_POSITION = 4_096n;
const RECORD_OVERHEAD_BYTES = 96n;
const utf8Length = (text: string): bigint => BigInt(Buffer.byteLength(text, 'utf8'));

const EMPTY: readonly StoredEvent[] = [];

/** One store-wide, append-only log plus a per-stream index; appends are atomic (one synchronous step). */
export class InMemoryLog {
  readonly #all: StoredEvent[] = [];
  readonly #streams = new Map<string, StreamRecord>();
  readonly #waiting = new Set<() => void>();
  #nextPosition = FIRST_EVENT_POSITION;

  /** Every event in commit order. The array only grows, so a reader may keep an index into it. */
  get all(): readonly StoredEvent[] {
    return this.#all;
  }

  /** The stream's events by revision, or undefined if it has none. Only grows, like `all`. */
  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.#streams.get(streamId)?.events;
  }

  streamOrEmpty(streamId: string): readonly StoredEvent[] {
    return this.stream(streamId) ?? EMPTY;
  }

  append(streamId: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): AppendOutcome {
    const record = this.#streams.get(streamId);
    const decision = decideAppend(
      this.#stateOf(streamId, record),
      expected,
      proposed.map((event) => event.eventId),
    );
    switch (decision.kind) {
      case 'wrong-expected-version':
        return { kind: 'wrong-expected-version', currentRevision: lastRevisionOf(record) };
      case 'already-written':
        return {
          kind: 'success',
          lastRevision: decision.lastRevision,
          position: record?.events[Number(decision.lastRevision)]?.position,
        };
      case 'write':
        return this.#write(streamId, record, proposed);
      default: {
        const unknown: never = decision;
        throw new Error(`unknown append decision ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Resolves at the next append, or when `signal` aborts. */
  waitForAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const wake = (): void => {
        this.#waiting.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.#waiting.add(wake);
      signal.addEventListener('abort', wake);
    });
  }

  #write(streamId: string, existing: StreamRecord | undefined, proposed: readonly ProposedEvent[]): AppendOutcome {
    if (proposed.length === 0) {
      return { kind: 'success', lastRevision: lastRevisionOf(existing), position: undefined };
    }
    const record = existing ?? { events: [], revisionByEventId: new Map<string, bigint>() };
    this.#streams.set(streamId, record);
    const createdTicks = ticksSinceEpoch(Date.now());
    let last: StoredEvent | undefined;
    for (const event of proposed) {
      last = { ...event, streamId, revision: BigInt(record.events.length), position: this.#nextPosition, createdTicks };
      this.#nextPosition +=
        RECORD_OVERHEAD_BYTES + utf8Length(streamId) + utf8Length(event.type) +
        BigInt(event.data.length + event.customMetadata.length);
      record.events.push(last);
      record.revisionByEventId.set(last.eventId, last.revision);
      this.#all.push(last);
    }
    for (const wake of [...this.#waiting]) wake();
    return { kind: 'success', lastRevision: last?.revision, position: last?.position };
  }

  #stateOf(streamId: string, record: StreamRecord | undefined): StreamState {
    return {
      lastRevision: lastRevisionOf(record),
      hasMetadata: this.#streams.has(`$$${streamId}`),
      revisionOf: (eventId) => record?.revisionByEventId.get(eventId),
      eventIdAt: (revision) => record?.events[Number(revision)]?.eventId,
    };
  }
}

function lastRevisionOf(record: StreamRecord | undefined): bigint | undefined {
  return record === undefined || record.events.length === 0 ? undefined : BigInt(record.events.length - 1);
}
