import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { accountRevisionsOf } from '../src/query-cache/account-summary-cache';
import { RevisionGuardedCache } from '../src/query-cache/revision-guarded-cache';

const redisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379';
const minute = 60_000;
/** The generation of a read model no rebuild has replaced yet. */
const g0 = 0n;

/** The query cache's entries against the stack's real Redis: a fill never replaces a newer revision, a tombstone stops older fills, a read answers only its generation's views. */
describe('RevisionGuardedCache (real Redis)', () => {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const cache = new RevisionGuardedCache(redis);
  const key = () => `test:qc:${randomUUID()}`;
  afterAll(() => redis.quit());

  it('reads back what it filled, with its revision, and nothing for a key never filled', async () => {
    const filled = key();
    expect(await cache.fill(filled, 3n, g0, '{"a":1}', minute)).toBe(true);

    expect(await cache.read(filled, g0)).toEqual({ revision: 3n, payload: '{"a":1}' });
    expect(await cache.read(key(), g0)).toBeUndefined();
    expect(await redis.pttl(filled)).toBeGreaterThan(minute - 5_000);
  });

  it('refuses a fill older than the tombstone an invalidation left, even where nothing was cached', async () => {
    const raced = key();
    // The reader loaded revision 1; meanwhile the projector committed 2 and invalidated; then the reader fills.
    expect(await cache.invalidate(raced, 2n, minute)).toBe(true);
    expect(await cache.fill(raced, 1n, g0, 'revision 1', minute)).toBe(false);

    expect(await cache.read(raced, g0)).toBeUndefined();
    expect(await cache.fill(raced, 2n, g0, 'revision 2', minute)).toBe(true);
    expect(await cache.read(raced, g0)).toEqual({ revision: 2n, payload: 'revision 2' });
  });

  it('never lets an older fill or invalidation replace a newer view', async () => {
    const newer = key();
    await cache.fill(newer, 5n, g0, 'revision 5', minute);

    expect(await cache.fill(newer, 4n, g0, 'revision 4', minute)).toBe(false);
    expect(await cache.invalidate(newer, 5n, minute)).toBe(false);
    expect(await cache.invalidate(newer, 3n, minute)).toBe(false);
    expect(await cache.read(newer, g0)).toEqual({ revision: 5n, payload: 'revision 5' });
    expect(await cache.invalidate(newer, 6n, minute)).toBe(true);
    expect(await cache.read(newer, g0)).toBeUndefined();
  });

  it('answers only views of the generation asked for, and never lets a reader on an older generation push back a newer one at the same revision', async () => {
    const swapped = key();
    await cache.fill(swapped, 4n, g0, 'as the replaced read model had it', minute);

    // A rebuild's swap moved the generation on: the old view is no answer, even at its revision.
    expect(await cache.read(swapped, 1n)).toBeUndefined();
    expect(await cache.fill(swapped, 4n, 1n, 'as the rebuilt read model has it', minute)).toBe(true);
    // A reader that has not learned of the swap yet brings the same revision from before it.
    expect(await cache.fill(swapped, 4n, g0, 'as the replaced read model had it', minute)).toBe(false);
    expect(await cache.read(swapped, 1n)).toEqual({ revision: 4n, payload: 'as the rebuilt read model has it' });
    expect(await cache.read(swapped, g0)).toBeUndefined();
    // A newer revision wins whatever generation brings it; the revision guard is the same across swaps.
    expect(await cache.fill(swapped, 5n, g0, 'revision 5', minute)).toBe(true);
    expect(await cache.fill(swapped, 4n, 2n, 'revision 4', minute)).toBe(false);
  });

  it('runs its scripts again after Redis forgot them (SCRIPT FLUSH, a restart)', async () => {
    const flushed = key();
    await cache.fill(flushed, 1n, g0, 'before', minute);
    await redis.script('FLUSH');

    expect(await cache.fill(flushed, 2n, g0, 'after', minute)).toBe(true);
    expect(await cache.read(flushed, g0)).toEqual({ revision: 2n, payload: 'after' });
  });
});

describe('accountRevisionsOf', () => {
  const event = (streamId: string, revision: bigint): RecordedEvent => ({
    eventId: randomUUID(),
    type: 'x',
    schemaVersion: 1,
    streamId,
    streamRevision: revision,
    position: revision,
    data: {},
    metadata: {},
    recordedAt: new Date(),
  });

  it('names each account a batch changed once, at its last revision, and nothing else', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const applied = [event(accountStreamId(a), 3n), event(accountStreamId(b), 0n), event(accountStreamId(a), 4n), event(`transfer-${randomUUID()}`, 1n)];

    expect(accountRevisionsOf(applied)).toEqual([
      { accountId: a, revision: 4n },
      { accountId: b, revision: 0n },
    ]);
  });
});
