import type { Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';
import { GENERATION_TTL_MS, ReadModelGenerations } from './read-model-generations';

/** A pool whose `projection_versions` lookups answer when the test says, in the order it says. */
class ScriptedPool {
  private readonly pending: { answer: (generation: string) => void; fail: (error: Error) => void }[] = [];

  query(): Promise<{ rows: { generation: string }[] }> {
    return new Promise((resolve, reject) => this.pending.push({ answer: (generation) => resolve({ rows: [{ generation }] }), fail: reject }));
  }

  get lookups(): number {
    return this.pending.length;
  }

  lookup(index: number): { answer: (generation: string) => void; fail: (error: Error) => void } {
    const lookup = this.pending[index];
    if (lookup === undefined) throw new Error(`no lookup #${index} was made`);
    return lookup;
  }
}

describe('ReadModelGenerations', () => {
  let nowMs = 0;
  let pool: ScriptedPool;
  let generations: ReadModelGenerations;

  beforeEach(() => {
    nowMs = 0;
    pool = new ScriptedPool();
    generations = new ReadModelGenerations(pool as unknown as Pool, { readModelSchema: 'read_models' } as QueryApiConfig);
    jest.spyOn(Date, 'now').mockImplementation(() => nowMs);
  });
  afterEach(() => jest.restoreAllMocks());

  it('asks once for the reads of a second, then again: a swap is learned at most a second late', async () => {
    const first = generations.current('account-summary');
    const together = generations.current('account-summary');
    pool.lookup(0).answer('0');
    await expect(Promise.all([first, together])).resolves.toEqual([0n, 0n]);

    nowMs = GENERATION_TTL_MS - 1;
    await expect(generations.current('account-summary')).resolves.toBe(0n);
    expect(pool.lookups).toBe(1);

    nowMs = GENERATION_TTL_MS;
    const afterSwap = generations.current('account-summary');
    pool.lookup(1).answer('1');
    await expect(afterSwap).resolves.toBe(1n);
  });

  it('keeps the last generation PostgreSQL named while it fails, and knows none before it ever answered', async () => {
    const never = generations.current('account-summary');
    pool.lookup(0).fail(new Error('connection refused'));
    await expect(never).resolves.toBeUndefined();

    const answered = generations.current('account-summary');
    pool.lookup(1).answer('3');
    await expect(answered).resolves.toBe(3n);

    nowMs = 5_000;
    const duringOutage = generations.current('account-summary');
    pool.lookup(2).fail(new Error('connection terminated'));
    await expect(duringOutage).resolves.toBe(3n);
  });
});
