import { insertValuesOf } from '../src/postgres/dead-letter-row';

describe('dead-letter rows', () => {
  it('replaces NUL, which PostgreSQL text and jsonb refuse, so a poison record can always be recorded', () => {
    const values = insertValuesOf({
      projection: 'account-summary',
      eventId: null,
      streamId: 'account-\u0000x',
      revision: null,
      position: null,
      type: null,
      error: 'bad \u0000 byte',
      attempts: 1,
      record: { topic: 'ledger.account', partition: 0, offset: '7', key: 'account-\u0000x', value: Buffer.from([0, 1]), headers: { 'ledger-type': 'a\u0000b' } },
    });

    expect(values.filter((value) => typeof value === 'string' && (value.includes('\u0000') || value.includes('\\u0000')))).toEqual([]);
    expect(values).toContain('account-\uFFFDx');
    expect(values).toContainEqual(Buffer.from([0, 1]));
  });
});
