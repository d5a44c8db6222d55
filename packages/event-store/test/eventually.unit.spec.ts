import { eventually } from '../src/testing';

describe('eventually', () => {
  it('returns the first value that meets the condition', async () => {
    let reads = 0;
    await expect(eventually(() => ++reads, (value) => value === 3, { intervalMs: 0 })).resolves.toBe(3);
  });

  it('waits for a check to answer true', async () => {
    let reads = 0;
    await expect(eventually(() => ++reads === 2, { intervalMs: 0 })).resolves.toBeUndefined();
  });

  it('fails naming what it waited for and the last value it read', async () => {
    await expect(eventually(() => Promise.resolve({ revision: 1n }), (value) => value.revision === 2n, { what: 'revision 2', timeoutMs: 0 })).rejects.toThrow(
      'waiting until revision 2; last value: {"revision":"1"}',
    );
  });

  it('passes on what a read throws', async () => {
    await expect(eventually(() => Promise.reject(new Error('store down')), { intervalMs: 0 })).rejects.toThrow('store down');
  });
});
