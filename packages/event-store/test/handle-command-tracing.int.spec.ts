import { randomUUID } from 'node:crypto';
import { accountDecider, type AccountEvent, type AccountState } from '@ledger/domain';
import { handleCommand, inSpan, type HandleCommandOptions } from '../src';
import { PostgresEventStore } from '../src/postgres';
import { recordSpans, type RecordedSpans } from '../src/testing';
import { accountCodec, newAccount, open, withdraw } from './account-fixtures';
import { migratedSchema } from './postgres-test-schema';

const callersTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const options = (): HandleCommandOptions<AccountEvent, AccountState> => ({
  codec: accountCodec,
  metadata: { correlationId: 'corr-trace', actor: 'test', occurredAt: '2026-12-07T10:00:00.000Z', traceparent: callersTraceparent },
  newEventId: () => randomUUID(),
});

describe('handleCommand and tracing', () => {
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const db = await migratedSchema('handle_command_tracing');
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    dispose = db.dispose;
  });
  afterAll(() => dispose());

  describe('with a tracer installed', () => {
    let spans: RecordedSpans;
    beforeEach(() => {
      spans = recordSpans();
    });
    afterEach(() => spans.stop());

    it('stores the span it appends in as the events\' traceparent, and records decide and append under the command', async () => {
      const { accountId, streamId } = newAccount();

      await inSpan('command OpenAccount', {}, () => handleCommand(store, streamId, accountDecider, open(accountId), options()));

      const [command] = spans.named('command OpenAccount');
      const [decide] = spans.named('decide');
      const [append] = spans.named('append');
      const { traceId, spanId } = command?.spanContext() ?? { traceId: '', spanId: '' };
      expect(decide?.parentSpanContext?.spanId).toBe(spanId);
      expect(append?.parentSpanContext?.spanId).toBe(spanId);
      expect(append?.attributes).toMatchObject({ 'ledger.stream.id': streamId, 'ledger.stream.expected_revision': 'no_stream', 'ledger.events.count': 1, 'ledger.stream.revision': 0 });
      const [stored] = await store.readStream(streamId, { direction: 'forwards' });
      expect(append?.attributes['ledger.store.position']).toBe(stored?.position.toString());
      // The command's span, not the caller's: the relay and the projections join this trace below it.
      expect(stored?.metadata.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    });

    it('records a refused command\'s decision and appends nothing', async () => {
      const { accountId, streamId } = newAccount();
      await handleCommand(store, streamId, accountDecider, open(accountId), options());
      spans.clear();

      const result = await inSpan('command WithdrawMoney', {}, () => handleCommand(store, streamId, accountDecider, withdraw(accountId, '5.00'), options()));

      expect(result.ok).toBe(false);
      expect(spans.named('decide')[0]?.attributes).toMatchObject({ 'ledger.command.refused': true });
      expect(spans.named('append')).toEqual([]);
    });
  });

  it('keeps the caller\'s traceparent when tracing is off', async () => {
    const { accountId, streamId } = newAccount();

    await handleCommand(store, streamId, accountDecider, open(accountId), options());

    const [stored] = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored?.metadata.traceparent).toBe(callersTraceparent);
  });
});
