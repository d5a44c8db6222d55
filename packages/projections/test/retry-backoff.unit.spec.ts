import { RetryBackoff } from '../src/runtime/retry-backoff';

class Unavailable extends Error {}

/** The one retry loop's rules: what is retried, how long it waits, when it gives up. */
describe('RetryBackoff', () => {
  let waits: number[];
  let heard: number[];
  let waitAnswer: boolean;
  const backoff = (maxFailures?: number) =>
    new RetryBackoff({
      retryable: (error) => error instanceof Unavailable,
      policy: { maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 100, maxDelayMs: 350 },
      ...(maxFailures === undefined ? {} : { maxFailures }),
      onFailure: (_error, failures) => void heard.push(failures),
      wait: (ms) => Promise.resolve(void waits.push(ms)).then(() => waitAnswer),
    });

  beforeEach(() => {
    waits = [];
    heard = [];
    waitAnswer = true;
  });

  it('given retryable failures in a row, waits an exponential backoff, capped, and says try again', async () => {
    const retry = backoff();

    for (let i = 0; i < 4; i += 1) await expect(retry.absorb(new Unavailable())).resolves.toBe(true);

    expect(heard).toEqual([1, 2, 3, 4]);
    // 100, 200, 350 (capped), 350, each less up to 20 % jitter.
    const ceilings = [100, 200, 350, 350];
    waits.forEach((ms, i) => {
      expect(ms).toBeLessThanOrEqual(ceilings[i] ?? 0);
      expect(ms).toBeGreaterThanOrEqual(Math.floor((ceilings[i] ?? 0) * 0.8));
    });
    expect(retry.count).toBe(4);
  });

  it('rethrows a failure that is not retryable at once, without waiting', async () => {
    const refused = new Error('the event is wrong');

    await expect(backoff().absorb(refused)).rejects.toBe(refused);

    expect(waits).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('rethrows the failure past the limit in a row', async () => {
    const retry = backoff(2);
    await retry.absorb(new Unavailable());
    await retry.absorb(new Unavailable());
    const third = new Unavailable();

    await expect(retry.absorb(third)).rejects.toBe(third);

    expect(waits).toHaveLength(2);
  });

  it('after a success, counts from the start again (the limit is of failures in a row)', async () => {
    const retry = backoff(2);
    await retry.absorb(new Unavailable());
    await retry.absorb(new Unavailable());

    retry.succeeded();

    await expect(retry.absorb(new Unavailable())).resolves.toBe(true);
    expect(retry.count).toBe(1);
    expect(waits[2]).toBeLessThanOrEqual(100);
  });

  it('says stop when the wait is called off (stopping, partition moved)', async () => {
    waitAnswer = false;

    await expect(backoff().absorb(new Unavailable())).resolves.toBe(false);
  });
});
