import type { Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';
import { LiveCopies } from './live-copies';

/** A pool whose `projection_versions` lookups answer when the test says, in the order it says. */
class ScriptedPool {
  private readonly pending: { answer: (copy: string) => void; fail: (error: Error) => void }[] = [];

  query(): Promise<{ rows: { version: number; live_copy: string }[] }> {
    return new Promise((resolve, reject) =>
      this.pending.push({ answer: (copy) => resolve({ rows: [{ version: 1, live_copy: copy }] }), fail: reject }),
    );
  }

  lookup(index: number): { answer: (copy: string) => void; fail: (error: Error) => void } {
    const lookup = this.pending[index];
    if (lookup === undefined) throw new Error(`no lookup #${index} was made`);
    return lookup;
  }
}

describe('LiveCopies', () => {
  let nowMs = 0;
  const pool = new ScriptedPool();
  const copies = new LiveCopies(pool as unknown as Pool, { readModelSchema: 'read_models' } as QueryApiConfig);

  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => nowMs));
  afterEach(() => jest.restoreAllMocks());

  it('given a slow lookup from before a swap answering after a newer one, keeps the newer copy when PostgreSQL later fails', async () => {
    // given a lookup made before the swap that has not answered yet
    const beforeSwap = copies.liveCopy('customer-portfolio');
    // when a lookup a second later names the swapped-in copy, and only then the slow one answers
    nowMs = 1_100;
    const afterSwap = copies.liveCopy('customer-portfolio');
    pool.lookup(1).answer('b');
    await expect(afterSwap).resolves.toBe('b');
    pool.lookup(0).answer('');
    await expect(beforeSwap).resolves.toBe('');
    // then a reader while PostgreSQL cannot be asked still reads the swapped-in copy
    nowMs = 2_200;
    const duringOutage = copies.liveCopy('customer-portfolio');
    pool.lookup(2).fail(new Error('connection terminated'));
    await expect(duringOutage).resolves.toBe('b');
  });
});
