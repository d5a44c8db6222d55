import { KeyedQueue } from '../src';

const tick = (): Promise<void> => new Promise((resolvePromise) => setImmediate(resolvePromise));

describe('KeyedQueue', () => {
  it('runs work for one key one at a time, in arrival order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };

    await Promise.all([queue.run('a', step('1')), queue.run('a', step('2')), queue.run('a', step('3'))]);

    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('runs different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };

    await Promise.all([queue.run('a', step('a')), queue.run('b', step('b'))]);

    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
  });

  it('keeps going after a failure, which reaches only its own caller, and forgets drained keys', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', () => Promise.reject(new Error('boom')));
    const next = queue.run('a', () => Promise.resolve('next'));

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await tick();
    expect(queue.activeKeys).toBe(0);
  });
});
