import { randomUUID } from 'node:crypto';
import { type CommandIdempotency, type CommandStore } from '../port/command-idempotency';
import { type EventStore } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { events, newStreamId, rejection } from './contract-fixtures';

export interface CommandIdempotencyUnderTest {
  /** Keys kept for `timeToLiveMs`. */
  readonly idempotency: (timeToLiveMs: number) => CommandIdempotency;
  /** The same store, to check from outside what a command left behind. */
  readonly store: EventStore;
  dispose(): Promise<void>;
}

const DAY_MS = 86_400_000;
const newClaim = (fingerprint = 'POST /things {"a":1}') => ({ key: `key-${randomUUID()}`, fingerprint });

/** Appends one event to a fresh stream and answers with its revision, counting the runs. */
function appendingWork(streamId: string) {
  const work = {
    runs: 0,
    run: async (store: CommandStore): Promise<{ revision: string }> => {
      work.runs++;
      const result = await store.appendToStream(streamId, events(1), { expectedRevision: 'any' });
      return { revision: result.nextExpectedRevision.toString() };
    },
  };
  return work;
}

/** Where adapters differ by what their server can do (docs/operations.md, "Running on KurrentDB"). */
export interface IdempotencyCapabilities {
  /**
   * The key is recorded in the transaction of the work's appends, so a failed run leaves nothing
   * (PostgreSQL). Without such a transaction (EventStoreDB) a failed run's appends stay, and a
   * repeat that decides the same appends the same event ids, which the server deduplicates.
   */
  readonly transactional: boolean;
  /** `deleteExpired` removes expired keys; false where the server expires them itself. */
  readonly deletesExpiredKeys: boolean;
}

const postgresLike: IdempotencyCapabilities = { transactional: true, deletesExpiredKeys: true };

/** The CommandIdempotency guarantees, written once; every adapter calls this in one line. */
export function describeCommandIdempotencyContract(
  name: string,
  factory: () => Promise<CommandIdempotencyUnderTest>,
  { transactional, deletesExpiredKeys }: IdempotencyCapabilities = postgresLike,
): void {
  describe(`CommandIdempotency contract: ${name}`, () => {
    let subject: CommandIdempotencyUnderTest;
    const streamLength = async (streamId: string) => (await subject.store.readStream(streamId, { direction: 'forwards' })).length;

    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(() => subject.dispose());

    it('runs the first request, then replays its result for the same key and fingerprint', async () => {
      const idempotency = subject.idempotency(DAY_MS);
      const streamId = newStreamId();
      const work = appendingWork(streamId);
      const claim = newClaim();

      expect(await idempotency.execute(claim, work.run)).toEqual({ kind: 'executed', result: { revision: '0' } });
      expect(await idempotency.execute(claim, work.run)).toEqual({ kind: 'replayed', result: { revision: '0' } });
      expect(work.runs).toBe(1);
      expect(await streamLength(streamId)).toBe(1);
    });

    it('refuses the same key with another fingerprint and runs nothing', async () => {
      const idempotency = subject.idempotency(DAY_MS);
      const streamId = newStreamId();
      const work = appendingWork(streamId);
      const claim = newClaim('first body');
      await idempotency.execute(claim, work.run);

      expect(await idempotency.execute({ ...claim, fingerprint: 'another body' }, work.run)).toEqual({ kind: 'key-reused' });
      expect(work.runs).toBe(1);
    });

    if (transactional) {
      it('records nothing when the work fails: its appends are undone and the key stays free', async () => {
        const idempotency = subject.idempotency(DAY_MS);
        const streamId = newStreamId();
        const claim = newClaim();
        const failure = new Error('crashed after appending');

        const error = await rejection(
          idempotency.execute(claim, async (store) => {
            await store.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
            throw failure;
          }),
        );

        expect(error).toBe(failure);
        expect(await streamLength(streamId)).toBe(0);
        const retry = appendingWork(streamId);
        expect(await idempotency.execute(claim, retry.run)).toEqual({ kind: 'executed', result: { revision: '0' } });
      });
    } else {
      it('keeps a failed run\'s appends and the key free; a repeat deciding the same stores nothing twice', async () => {
        const idempotency = subject.idempotency(DAY_MS);
        const streamId = newStreamId();
        const claim = newClaim();
        const failure = new Error('crashed after appending');
        const appendTwo = async (store: CommandStore) => {
          const appended = await store.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
          return { revision: appended.nextExpectedRevision.toString() };
        };

        const error = await rejection(
          idempotency.execute(claim, async (store) => {
            await appendTwo(store);
            throw failure;
          }),
        );
        expect(error).toBe(failure);
        expect(await streamLength(streamId)).toBe(2);

        expect(await idempotency.execute(claim, appendTwo)).toEqual({ kind: 'executed', result: { revision: '1' } });
        expect(await streamLength(streamId)).toBe(2);
        expect(await idempotency.execute(claim, appendTwo)).toEqual({ kind: 'replayed', result: { revision: '1' } });
      });
    }

    it('keeps the work usable after a refused append, so a command can reload and retry', async () => {
      const idempotency = subject.idempotency(DAY_MS);
      const streamId = newStreamId();
      await subject.store.appendToStream(streamId, events(1), { expectedRevision: 'no_stream' });

      const outcome = await idempotency.execute(newClaim(), async (store) => {
        const stale = await rejection(store.appendToStream(streamId, events(1), { expectedRevision: 'no_stream' }));
        expect(stale).toBeInstanceOf(WrongExpectedVersionError);
        const retried = await store.appendToStream(streamId, events(1), { expectedRevision: 0n });
        return { revision: retried.nextExpectedRevision.toString() };
      });

      expect(outcome).toEqual({ kind: 'executed', result: { revision: '1' } });
      expect(await streamLength(streamId)).toBe(2);
    });

    it('runs the work once for 20 concurrent requests with one key; all get the same result', async () => {
      const idempotency = subject.idempotency(DAY_MS);
      const streamId = newStreamId();
      const work = appendingWork(streamId);
      const claim = newClaim();

      const outcomes = await Promise.all(Array.from({ length: 20 }, () => idempotency.execute(claim, work.run)));

      expect(work.runs).toBe(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'executed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'replayed')).toHaveLength(19);
      expect(new Set(outcomes.map((outcome) => JSON.stringify('result' in outcome ? outcome.result : null)))).toEqual(
        new Set([JSON.stringify({ revision: '0' })]),
      );
      expect(await streamLength(streamId)).toBe(1);
    });

    it('lets an expired key run afresh, and deletes expired keys', async () => {
      const shortLived = subject.idempotency(1);
      const streamId = newStreamId();
      const work = appendingWork(streamId);
      const claim = newClaim();
      await shortLived.execute(claim, work.run);
      await new Promise((resolve) => setTimeout(resolve, 20));

      expect(await shortLived.execute(claim, work.run)).toEqual({ kind: 'executed', result: { revision: '1' } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Where the server expires keys itself, there is nothing for deleteExpired to do.
      expect(await shortLived.deleteExpired(10_000)).toBe(deletesExpiredKeys ? 1 : 0);
      expect(await shortLived.execute(claim, work.run)).toMatchObject({ kind: 'executed' });
      expect(work.runs).toBe(3);
    });
  });
}
