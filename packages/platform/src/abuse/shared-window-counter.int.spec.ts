import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { freePort } from '../testing/free-port';
import { SharedWindowCounter, SYNC_EVERY_MS } from './shared-window-counter';

const minute = 60_000;
const redisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Counts restart with each minute's window; a short sequence that must stay in one waits out the last seconds of a minute. */
const clearOfMinuteEdge = async () => {
  const left = minute - (Date.now() % minute);
  if (left < 5_000) await sleep(left + 50);
};

/** The rate limits' counter against the stack's real Redis: two counters are two app instances. */
describe('SharedWindowCounter (real Redis)', () => {
  const clients: Redis[] = [];
  const client = (url = redisUrl()): Redis => {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false });
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };
  const ready = async (redis: Redis) => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  };
  afterAll(() => {
    for (const redis of clients) redis.disconnect();
  });

  it('admits exactly the limit across two instances taking turns, and counts the requests after it over the limit on either', async () => {
    const [redisA, redisB] = [client(), client()];
    await Promise.all([ready(redisA), ready(redisB)]);
    const namespace = `test-${randomUUID()}:`;
    const [first, second] = [new SharedWindowCounter(redisA, namespace), new SharedWindowCounter(redisB, namespace)];
    const max = 10;
    await clearOfMinuteEdge();

    const counts: number[] = [];
    for (let request = 0; request < max + 2; request++) counts.push((await (request % 2 === 0 ? first : second).increment('subject:a', minute, max)).current);

    // A count may lag behind the other instance's while its own view is under half the limit, never run ahead of the truth.
    expect(counts.every((count, index) => count <= index + 1)).toBe(true);
    expect(counts.slice(0, max).every((count) => count <= max)).toBe(true);
    expect(counts.slice(max)).toEqual([max + 1, max + 2]);
  });

  it('sends a burst under half the limit to Redis in a few writes, not one per request, and the total arrives', async () => {
    const redis = client();
    await ready(redis);
    const namespace = `test-${randomUUID()}:`;
    const counter = new SharedWindowCounter(redis, namespace);
    const sent = jest.spyOn(redis, 'multi');

    for (let request = 0; request < 1_000; request++) await counter.increment('subject:burst', minute, 1_000_000);
    await sleep(SYNC_EVERY_MS * 3);

    expect(sent.mock.calls.length).toBeLessThan(50);
    // The burst may straddle a minute boundary (CI hit one): the total is spread over the windows it touched.
    const windows = await redis.keys(`${namespace}subject:burst:*`);
    const counts = await Promise.all(windows.map(async (key) => Number(await redis.get(key))));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1_000);
  });

  it('keeps counting on its own while Redis is away, so the limit still holds per instance', async () => {
    const away = client(`redis://127.0.0.1:${await freePort()}`);
    const counter = new SharedWindowCounter(away, `test-${randomUUID()}:`);
    await clearOfMinuteEdge();

    const counts: number[] = [];
    for (let request = 0; request < 4; request++) counts.push((await counter.increment('subject:alone', minute, 3)).current);

    expect(counts).toEqual([1, 2, 3, 4]);
  });

  it('starts every window from zero, and says how long the current one has left', async () => {
    const redis = client();
    await ready(redis);
    let now = 10 * minute + 59_000;
    const counter = new SharedWindowCounter(redis, `test-${randomUUID()}:`, () => now);

    const before = await counter.increment('subject:w', minute, 100);
    now += 2_000;
    const after = await counter.increment('subject:w', minute, 100);

    expect(before).toEqual({ current: 1, ttl: 1_000 });
    expect(after).toEqual({ current: 1, ttl: 59_000 });
  });
});
