import { randomUUID } from 'node:crypto';
import {
  accountDecider,
  decodeAccountEvent,
  encodeAccountEvent,
  parseAccountId,
  parseCurrency,
  parseMoney,
  parseOwnerId,
  type AccountCommand,
  type AccountEvent,
  type Result,
} from '@ledger/domain';
import {
  ConcurrencyConflictError,
  handleCommand,
  KeyedQueue,
  type EventCodec,
  type EventStore,
  type HandleCommandOptions,
  type JsonValue,
} from '../src';
import { PostgresEventStore } from '../src/postgres';
import { migratedSchema } from './postgres-test-schema';

function must<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`fixture refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

const EUR = must(parseCurrency('EUR'));
const codec: EventCodec<AccountEvent> = {
  // The domain's JSON types are readonly; the store only serialises them.
  encode: (event) => encodeAccountEvent(event) as { type: string; schemaVersion: number; data: JsonValue },
  decode: (recorded) => decodeAccountEvent(recorded),
};
const options = (overrides: Partial<HandleCommandOptions<AccountEvent>> = {}): HandleCommandOptions<AccountEvent> => ({
  codec,
  metadata: { correlationId: 'corr-1', actor: 'test', occurredAt: '2026-11-23T10:00:00.000Z' },
  newEventId: () => randomUUID(),
  ...overrides,
});

describe('handleCommand over the PostgreSQL event store, with the account decider', () => {
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const db = await migratedSchema('handle_command');
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    dispose = db.dispose;
  });
  afterAll(() => dispose());

  const newAccount = () => {
    const accountId = must(parseAccountId(randomUUID()));
    return { accountId, streamId: `account-${accountId}` };
  };
  const open = (accountId: AccountCommand['accountId']): AccountCommand => ({
    type: 'OpenAccount',
    accountId,
    ownerId: must(parseOwnerId(randomUUID())),
    currency: EUR,
  });
  const deposit = (accountId: AccountCommand['accountId'], amount: string): AccountCommand => ({
    type: 'DepositMoney',
    accountId,
    amount: must(parseMoney(amount, EUR)),
  });
  const withdraw = (accountId: AccountCommand['accountId'], amount: string): AccountCommand => ({
    type: 'WithdrawMoney',
    accountId,
    amount: must(parseMoney(amount, EUR)),
  });

  it('loads, decides and appends at the loaded revision, with the edge metadata on every event', async () => {
    const { accountId, streamId } = newAccount();

    const opened = await handleCommand(store, streamId, accountDecider, open(accountId), options());
    const deposited = await handleCommand(store, streamId, accountDecider, deposit(accountId, '12.50'), options());

    expect(opened).toMatchObject({ ok: true, streamId, revision: 0n, appended: 1 });
    expect(deposited).toMatchObject({ ok: true, streamId, revision: 1n, appended: 1 });
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => [event.type, event.streamRevision])).toEqual([
      ['ledger.account.opened', 0n],
      ['ledger.account.money-deposited', 1n],
    ]);
    expect(stored[1]?.metadata).toEqual({ correlationId: 'corr-1', actor: 'test', occurredAt: '2026-11-23T10:00:00.000Z' });
    expect(deposited.ok && stored[1]?.position === deposited.position).toBe(true);
  });

  it('appends nothing when the domain refuses, and returns the refusal as data', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());

    const result = await handleCommand(store, streamId, accountDecider, withdraw(accountId, '1.00'), options());

    expect(result).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(1);
  });

  it('with If-Match, refuses a stale revision without retrying or appending', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options());

    const stale = handleCommand(store, streamId, accountDecider, deposit(accountId, '2.00'), options({ expectedRevision: 0n }));

    await expect(stale).rejects.toEqual(expect.objectContaining({ name: 'WrongExpectedVersionError', expected: 0n, actual: 1n }));
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(2);
  });

  it('retries a conflict on the new state, and gives up after the bounded attempts', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    // Another writer deposits between every load and append of ours.
    let competing = 0;
    const contended: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const history = await store.readStream(...args);
        competing += 1;
        await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options());
        return history;
      },
    });

    const attempt = handleCommand(contended, streamId, accountDecider, deposit(accountId, '5.00'), options({ maxAttempts: 3 }));

    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(competing).toBe(3);
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => event.streamRevision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('50 concurrent deposits to one account, queued per stream: all succeed, each revision once, exact balance', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    const queue = new KeyedQueue();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        queue.run(streamId, () => handleCommand(store, streamId, accountDecider, deposit(accountId, `${index + 1}.00`), options())),
      ),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => event.streamRevision)).toEqual(Array.from({ length: 51 }, (_, revision) => BigInt(revision)));
    const last = decodeAccountEvent(stored[50] ?? { type: '', schemaVersion: 0, data: null });
    expect(last.type === 'MoneyDeposited' && last.balanceAfter.amountMinor).toBe(127_500n); // 1 + 2 + ... + 50 = 1275 EUR
    expect(queue.activeKeys).toBe(0);
  });

  it('10 concurrent deposits from separate instances (no shared queue) all land through the optimistic retry', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());

    const results = await Promise.all(
      Array.from({ length: 10 }, () => handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options({ maxAttempts: 20 }))),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(11);
  });
});
