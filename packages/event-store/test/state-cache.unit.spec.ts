import { LruStateCache } from '../src';

const loaded = (revision: bigint) => ({ state: { revision }, revision, position: revision, snapshotRevision: undefined });

describe('LruStateCache', () => {
  it('evicts the least recently used stream beyond its capacity, a read counting as a use', () => {
    const cache = new LruStateCache<{ revision: bigint }>(2);
    cache.set('a', loaded(1n));
    cache.set('b', loaded(2n));
    cache.get('a');

    cache.set('c', loaded(3n));

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.revision).toBe(1n);
    expect(cache.get('c')?.revision).toBe(3n);
    expect(cache.size).toBe(2);
  });

  it('replaces a stream\'s entry and forgets a deleted one', () => {
    const cache = new LruStateCache<{ revision: bigint }>(2);
    cache.set('a', loaded(1n));
    cache.set('a', loaded(4n));
    expect(cache.get('a')?.revision).toBe(4n);

    cache.delete('a');

    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruStateCache(0)).toThrow(RangeError);
  });
});
