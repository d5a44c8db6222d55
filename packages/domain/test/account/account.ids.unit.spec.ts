import { accountIdOfStream, accountStreamId, parseAccountId, parseOwnerId } from '../../src/account/account.ids';

describe('AccountId', () => {
  it('accepts a UUID and keeps one spelling of it (lower case)', () => {
    expect(parseAccountId('6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B')).toEqual({ ok: true, value: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b' });
  });

  it.each(['', 'not-a-uuid', '6f1c2a9e3b4d4e5f8a7b9c0d1e2f3a4b', ' 6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4g'])('refuses %j', (text) => {
    expect(parseAccountId(text)).toEqual({ ok: false, error: expect.objectContaining({ reason: 'NOT_A_UUID' }) as unknown });
  });
});

describe('OwnerId: the bank’s own customer id (API.md)', () => {
  it.each([
    ['one character', 'x'],
    ['64 characters', 'C'.repeat(64)],
    ['every allowed kind of character', 'Cust.Nr_7:branch@bank-DE'],
    ['a UUID in upper case, kept so', '6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B'],
    ['a UUID in lower case', '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'],
    ['digits only', '0042'],
  ])('accepts %s exactly as written', (_case, text) => {
    expect(parseOwnerId(text)).toEqual({ ok: true, value: text });
  });

  it('keeps case: two spellings are two customers', () => {
    const upper = parseOwnerId('Cust-7');
    const lower = parseOwnerId('cust-7');

    expect([upper.ok && upper.value, lower.ok && lower.value]).toEqual(['Cust-7', 'cust-7']);
  });

  it.each([
    ['an empty id', ''],
    ['65 characters', 'C'.repeat(65)],
    ['a space', 'cust 7'],
    ['a slash', 'cust/7'],
    ['a plus', 'cust+7'],
    ['a letter outside ASCII', 'kundé'],
    ['a trailing line break', 'cust-7\n'],
    ['NUL', 'cust\u0000'],
    ['a lone surrogate', 'cust\ud800'],
  ])('refuses %s', (_case, text) => {
    expect(parseOwnerId(text)).toEqual({
      ok: false,
      error: { reason: 'NOT_AN_OWNER_ID', message: 'owner id must be 1 to 64 characters from A-Z, a-z, 0-9 and . _ : @ -' },
    });
  });
});

describe('the stream of an account', () => {
  it('is account-<id>, and gives its id back', () => {
    expect(accountStreamId('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b')).toBe('account-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b');
    expect(accountIdOfStream(accountStreamId('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'))).toBe('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b');
  });

  it('is not any other category’s stream', () => {
    expect(accountIdOfStream('transfer-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b')).toBeUndefined();
  });
});
