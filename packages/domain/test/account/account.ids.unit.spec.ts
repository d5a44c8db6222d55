import { parseAccountId, parseOwnerId } from '../../src/account/account.ids';

describe('AccountId and OwnerId', () => {
  it('accept a UUID and keep one spelling of it (lower case)', () => {
    expect(parseAccountId('6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B')).toEqual({
      ok: true,
      value: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
    });
    expect(parseOwnerId('0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d').ok).toBe(true);
  });

  it.each(['', 'not-a-uuid', '6f1c2a9e3b4d4e5f8a7b9c0d1e2f3a4b', ' 6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4g'])(
    'refuse %j',
    (text) => {
      expect(parseAccountId(text)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'NOT_A_UUID' }) as unknown });
      expect(parseOwnerId(text).ok).toBe(false);
    },
  );
});
