import { KeyedQueue, QueueFullError } from '../src';

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

  it('refuses work beyond its limit per key at once, without starting it, and takes work again as the queue drains', async () => {
    const queue = new KeyedQueue(2);
    let release: () => void = () => undefined;
    const blocking = new Promise<void>((resolve) => (release = resolve));
    let refusedStarted = false;

    const first = queue.run('a', () => blocking);
    const second = queue.run('a', () => Promise.resolve('second'));
    const refused = queue.run('a', () => {
      refusedStarted = true;
      return Promise.resolve('never');
    });
    const otherKey = queue.run('b', () => Promise.resolve('b'));

    await expect(refused).rejects.toEqual(new QueueFullError('a', 2));
    await expect(otherKey).resolves.toBe('b');
    release();
    await first;
    await expect(second).resolves.toBe('second');
    await expect(queue.run('a', () => Promise.resolve('after'))).resolves.toBe('after');
    expect(refusedStarted).toBe(false);
  });
});
