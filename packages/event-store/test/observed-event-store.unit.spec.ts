import { randomUUID } from 'node:crypto';
import {
  ObservedCommandIdempotency,
  ObservedEventStore,
  WrongExpectedVersionError,
  type AppendObserver,
  type AppendOutcome,
  type AppendResult,
  type CommandIdempotency,
  type CommandStore,
  type EventStore,
  type NewEvent,
  type SnapshotStore,
} from '../src';
import { events, rejection } from '../src/testing/contract-fixtures';

interface Observation {
  readonly outcome: AppendOutcome;
  readonly seconds: number;
  readonly events: number;
}

function recordingObserver(): AppendObserver & { readonly seen: Observation[] } {
  const seen: Observation[] = [];
  return { seen, appendSettled: (outcome, seconds, count) => seen.push({ outcome, seconds, events: count }) };
}

const stored: AppendResult = { nextExpectedRevision: 2n, position: 42n };

/** A store whose appends answer what the test says; nothing else is called by these tests. */
function storeAnswering(append: (events: readonly NewEvent[]) => Promise<AppendResult>): EventStore & SnapshotStore {
  const unused = (): never => {
    throw new Error('not used by this test');
  };
  return { appendToStream: (_streamId, appended) => append(appended), readStream: unused, readAll: unused, subscribeToAll: unused, saveSnapshot: unused, loadSnapshot: unused };
}

describe('ObservedEventStore', () => {
  it('reports an append that went through as appended, with its events, and returns the store result', async () => {
    const observer = recordingObserver();
    const store = new ObservedEventStore(storeAnswering(() => Promise.resolve(stored)), observer);

    const result = await store.appendToStream('account-1', events(3), { expectedRevision: 'no_stream' });

    expect(result).toBe(stored);
    expect(observer.seen).toEqual([{ outcome: 'appended', seconds: expect.any(Number) as number, events: 3 }]);
    expect(observer.seen[0]?.seconds).toBeGreaterThanOrEqual(0);
  });

  it('reports a wrong expected version as a conflict and rethrows it unchanged', async () => {
    const observer = recordingObserver();
    const conflict = new WrongExpectedVersionError('account-1', 4n, 5n);
    const store = new ObservedEventStore(storeAnswering(() => Promise.reject(conflict)), observer);

    expect(await rejection(store.appendToStream('account-1', events(1), { expectedRevision: 4n }))).toBe(conflict);
    expect(observer.seen).toMatchObject([{ outcome: 'conflict', events: 1 }]);
  });

  it('reports any other error as failed and rethrows it unchanged', async () => {
    const observer = recordingObserver();
    const away = new Error('connect ECONNREFUSED');
    const store = new ObservedEventStore(storeAnswering(() => Promise.reject(away)), observer);

    expect(await rejection(store.appendToStream('account-1', events(7), { expectedRevision: 'any' }))).toBe(away);
    expect(observer.seen).toMatchObject([{ outcome: 'failed', events: 7 }]);
  });

  it('reports nothing for reads', async () => {
    const observer = recordingObserver();
    const inner = { ...storeAnswering(() => Promise.resolve(stored)), readStream: () => Promise.resolve([]) };

    await new ObservedEventStore(inner, observer).readStream('account-1', { direction: 'forwards' });

    expect(observer.seen).toEqual([]);
  });
});

describe('ObservedCommandIdempotency', () => {
  /** Runs `work` with the store it was built with, as the adapters run it with the key's transaction. */
  function idempotencyLending(store: CommandStore): CommandIdempotency {
    return {
      execute: async (_claim, work) => ({ kind: 'executed', result: await work(store) }),
      deleteExpired: () => Promise.resolve(0),
    };
  }

  it('reports the appends a command makes through the store lent for its key', async () => {
    const observer = recordingObserver();
    const idempotency = new ObservedCommandIdempotency(idempotencyLending(storeAnswering(() => Promise.resolve(stored))), observer);

    const outcome = await idempotency.execute({ key: randomUUID(), fingerprint: 'f' }, async (store) => {
      await store.appendToStream('account-1', events(2), { expectedRevision: 'no_stream' });
      return 'done';
    });

    expect(outcome).toEqual({ kind: 'executed', result: 'done' });
    expect(observer.seen).toMatchObject([{ outcome: 'appended', events: 2 }]);
  });
});
