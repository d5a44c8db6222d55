import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { accountRevisionsOf } from '../src/query-cache/account-summary-cache';
import { RevisionGuardedCache } from '../src/query-cache/revision-guarded-cache';

const redisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379';
const minute = 60_000;

/** The query cache's entries against the stack's real Redis: a fill never replaces a newer revision, a tombstone stops older fills. */
describe('RevisionGuardedCache (real Redis)', () => {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const cache = new RevisionGuardedCache(redis);
  const key = () => `test:qc:${randomUUID()}`;
  afterAll(() => redis.quit());

  it('reads back what it filled, with its revision, and nothing for a key never filled', async () => {
    const filled = key();
    expect(await cache.fill(filled, 3n, '{"a":1}', minute)).toBe(true);

    expect(await cache.read(filled)).toEqual({ revision: 3n, payload: '{"a":1}' });
    expect(await cache.read(key())).toBeUndefined();
    expect(await redis.pttl(filled)).toBeGreaterThan(minute - 5_000);
  });

  it('refuses a fill older than the tombstone an invalidation left, even where nothing was cached', async () => {
    const raced = key();
    // The reader loaded revision 1; meanwhile the projector committed 2 and invalidated; then the reader fills.
    expect(await cache.invalidate(raced, 2n, minute)).toBe(true);
    expect(await cache.fill(raced, 1n, 'revision 1', minute)).toBe(false);

    expect(await cache.read(raced)).toBeUndefined();
    expect(await cache.fill(raced, 2n, 'revision 2', minute)).toBe(true);
    expect(await cache.read(raced)).toEqual({ revision: 2n, payload: 'revision 2' });
  });

  it('never lets an older fill or invalidation replace a newer view', async () => {
    const newer = key();
    await cache.fill(newer, 5n, 'revision 5', minute);

    expect(await cache.fill(newer, 4n, 'revision 4', minute)).toBe(false);
    expect(await cache.invalidate(newer, 5n, minute)).toBe(false);
    expect(await cache.invalidate(newer, 3n, minute)).toBe(false);
    expect(await cache.read(newer)).toEqual({ revision: 5n, payload: 'revision 5' });
    expect(await cache.invalidate(newer, 6n, minute)).toBe(true);
    expect(await cache.read(newer)).toBeUndefined();
  });

  it('runs its scripts again after Redis forgot them (SCRIPT FLUSH, a restart)', async () => {
    const flushed = key();
    await cache.fill(flushed, 1n, 'before', minute);
    await redis.script('FLUSH');

    expect(await cache.fill(flushed, 2n, 'after', minute)).toBe(true);
    expect(await cache.read(flushed)).toEqual({ revision: 2n, payload: 'after' });
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
