import { shouldSnapshot } from '../src';

describe('shouldSnapshot (count policy)', () => {
  it('snapshots once `every` events were appended since the start of the stream', () => {
    expect(shouldSnapshot(undefined, 8n, 10)).toBe(false);
    expect(shouldSnapshot(undefined, 9n, 10)).toBe(true);
  });

  it('counts from the previous snapshot revision', () => {
    expect(shouldSnapshot(9n, 18n, 10)).toBe(false);
    expect(shouldSnapshot(9n, 19n, 10)).toBe(true);
    expect(shouldSnapshot(9n, 25n, 10)).toBe(true);
  });

  it('rejects a policy that is not a positive integer', () => {
    expect(() => shouldSnapshot(undefined, 1n, 0)).toThrow(RangeError);
    expect(() => shouldSnapshot(undefined, 1n, 1.5)).toThrow(RangeError);
  });
});
