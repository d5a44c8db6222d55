import { setTimeout as sleep } from 'node:timers/promises';
import { batchesOf } from './batches-of';

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

/** Yields `bursts` in turn, waiting `pauseMs` between them, as commits arrive at a subscription. */
async function* arriving<T>(bursts: T[][], pauseMs: number): AsyncGenerator<T> {
  for (const [index, burst] of bursts.entries()) {
    if (index > 0) await sleep(pauseMs);
    yield* burst;
  }
}

describe('batchesOf', () => {
  it('hands out what is already buffered together, at most maxSize at a time', async () => {
    await expect(collect(batchesOf(arriving([[1, 2, 3, 4, 5, 6, 7]], 0), 3))).resolves.toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('never waits for more: what arrives later starts the next batch', async () => {
    await expect(collect(batchesOf(arriving([[1, 2], [3], [4, 5]], 20), 100))).resolves.toEqual([[1, 2], [3], [4, 5]]);
  });

  it('hands out a lone event while the source is still waiting for the next one', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* oneThenWaits(): AsyncGenerator<number> {
      yield 1;
      await gate;
      yield 2;
    }
    const batches = batchesOf(oneThenWaits(), 500);

    // The gate is still shut: the first batch cannot have waited for what comes after it.
    await expect(batches.next()).resolves.toEqual({ done: false, value: [1] });
    release();
    await expect(batches.next()).resolves.toEqual({ done: false, value: [2] });
  });

  it('fails with the source', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      await sleep(5);
      throw new Error('connection lost');
    }
    const batches = batchesOf(failing(), 10);

    await expect(batches.next()).resolves.toEqual({ done: false, value: [1] });
    await expect(batches.next()).rejects.toThrow('connection lost');
  });
});
