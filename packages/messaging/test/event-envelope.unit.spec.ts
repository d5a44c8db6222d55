import { type RecordedEvent } from '@ledger/event-store';
import { decodeEventRecord, encodeEventRecord, EnvelopeDecodeError, topicOfStream } from '../src';

const event: RecordedEvent = {
  eventId: '0b6c1d1e-57a6-4c55-9c1e-2f6f2f3e4a5b',
  type: 'ledger.account.money-deposited',
  schemaVersion: 1,
  streamId: 'account-7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f',
  streamRevision: 3n,
  position: 9_007_199_254_740_993n,
  recordedAt: new Date('2026-11-23T10:00:00.123Z'),
  data: { amountMinor: '12550', currency: 'EUR' },
  metadata: { correlationId: 'corr-1', causationId: 'cause-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', occurredAt: '2026-11-23T10:00:00.000Z' },
};

describe('event records on Kafka', () => {
  it('keys by stream id, on the topic of the stream category', () => {
    const record = encodeEventRecord(event, topicOfStream(event.streamId));

    expect(record.topic).toBe('ledger.account');
    expect(record.key).toBe(event.streamId);
  });

  it('carries type, ids, revision, position and trace context in headers', () => {
    expect(encodeEventRecord(event, 'ledger.account').headers).toEqual({
      'ledger-type': 'ledger.account.money-deposited',
      'ledger-event-id': event.eventId,
      'ledger-schema-version': '1',
      'ledger-stream-revision': '3',
      'ledger-position': '9007199254740993',
      'ledger-correlation-id': 'corr-1',
      'ledger-causation-id': 'cause-1',
      traceparent: event.metadata.traceparent,
    });
  });

  it('round-trips the whole envelope, 64-bit positions included', () => {
    const { value, key, headers } = encodeEventRecord(event, 'ledger.account');

    expect(decodeEventRecord({ key: Buffer.from(key), value, headers })).toEqual(event);
  });

  it.each([
    ['no value', null],
    ['not JSON', Buffer.from('{nope')],
    ['another envelope version', Buffer.from(JSON.stringify({ envelope: 2 }))],
    ['a revision that is not an integer', Buffer.from(JSON.stringify({ ...JSON.parse(encodeEventRecord(event, 't').value.toString()), streamRevision: 'x' }))],
    ['a negative revision', Buffer.from(JSON.stringify({ ...JSON.parse(encodeEventRecord(event, 't').value.toString()), streamRevision: '-1' }))],
    ['a position beyond a bigint', Buffer.from(JSON.stringify({ ...JSON.parse(encodeEventRecord(event, 't').value.toString()), position: '9223372036854775808' }))],
  ])('refuses a record with %s', (_case, value) => {
    expect(() => decodeEventRecord({ key: null, value })).toThrow(EnvelopeDecodeError);
  });
});
