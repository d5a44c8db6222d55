import { deterministicEventId } from '../src/kurrentdb';

describe('deterministicEventId', () => {
  it('gives the same id for the same key, stream and place, and a version-5 UUID', () => {
    const id = deterministicEventId('key-1', 'account-a', 0);

    expect(deterministicEventId('key-1', 'account-a', 0)).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives another id when the key, the stream or the place differs', () => {
    const ids = new Set([
      deterministicEventId('key-1', 'account-a', 0),
      deterministicEventId('key-2', 'account-a', 0),
      deterministicEventId('key-1', 'account-b', 0),
      deterministicEventId('key-1', 'account-a', 1),
    ]);

    expect(ids.size).toBe(4);
  });
});
