import { appliedRevisionPayloads, appliedRevisionsChannelOf, parseAppliedRevisions } from '../src/postgres/applied-revisions';

const streamOf = (n: number) => `account-00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

describe('applied-revision notifications', () => {
  it('round-trips a projection and its streams, bigint revisions included', () => {
    const revisions = [
      { streamId: 'account-a', revision: 0n },
      { streamId: 'account with spaces', revision: 9_223_372_036_854_775_807n },
    ];

    const payloads = appliedRevisionPayloads('account-summary', revisions);

    expect(payloads).toHaveLength(1);
    expect(payloads.map(parseAppliedRevisions)).toEqual([{ projection: 'account-summary', revisions }]);
  });

  it('splits a large batch over payloads under 8000 bytes, every stream once, in order', () => {
    const revisions = Array.from({ length: 1_000 }, (_, n) => ({ streamId: streamOf(n), revision: BigInt(n) }));

    const payloads = appliedRevisionPayloads('account-transactions', revisions);

    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(payloads.flatMap((payload) => parseAppliedRevisions(payload)?.revisions ?? [])).toEqual(revisions);
    expect(new Set(payloads.map((payload) => parseAppliedRevisions(payload)?.projection))).toEqual(new Set(['account-transactions']));
  });

  it('leaves out a stream id with a line break (the re-check finds its waiters) and sends nothing for nothing', () => {
    expect(appliedRevisionPayloads('p', [{ streamId: 'bad\nid', revision: 1n }])).toEqual([]);
    expect(appliedRevisionPayloads('p', [])).toEqual([]);
  });

  it('refuses payloads it did not write', () => {
    expect(parseAppliedRevisions('')).toBeUndefined();
    expect(parseAppliedRevisions('p\nx account-a')).toBeUndefined();
    expect(parseAppliedRevisions('p\n-1 account-a')).toBeUndefined();
    expect(parseAppliedRevisions('p\n1')).toBeUndefined();
  });

  it('names one channel per read-model schema, short enough for an identifier', () => {
    expect(appliedRevisionsChannelOf('read_models')).not.toBe(appliedRevisionsChannelOf('read_models_2'));
    expect(appliedRevisionsChannelOf('x'.repeat(63)).length).toBeLessThanOrEqual(63);
  });
});
