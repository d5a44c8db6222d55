import {
  accountDecider,
  accountStreamId,
  decodeAccountEvent,
  decodeTransferEvent,
  encodeAccountEvent,
  encodeTransferEvent,
  parseAccountId,
  parseCurrency,
  parseOwnerId,
  parseTransferId,
  positiveMoneyOf,
  transferDecider,
  transferStreamId,
  type AccountEvent,
  type AccountId,
  type TransferEvent,
  type TransferId,
} from '@ledger/domain';
import { must } from '@ledger/domain/testing';
import { ConcurrencyConflictError, handleCommand, type JsonValue, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresCommandIdempotency, PostgresEventStore } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LEG_FINGERPRINT, TransferLegs } from '../src/process/transfer-legs';

const EUR = must(parseCurrency('EUR'));
const money = (minor: bigint) => must(positiveMoneyOf(minor, EUR));
const cause = { correlationId: 'corr-1', actor: 'alice', actorRoles: 'customer' };

/**
 * The process manager's legs against the real PostgreSQL store and its idempotency keys: each
 * leg moves money once however often it is sent, by however many processes.
 */
describe('transfer legs', () => {
  const schema = `transfer_legs_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 12 });
  const store = new PostgresEventStore({ pool, schema });
  const idempotency = new PostgresCommandIdempotency({ pool, schema, timeToLiveMs: 86_400_000 });
  const legsOf = () => new TransferLegs({ store, idempotency, commandMaxAttempts: 5, snapshotEvery: 100 });

  beforeAll(async () => {
    await migrate(pool, schema);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const appendAccount = async (accountId: AccountId, events: AccountEvent[]) => {
    for (const event of events) {
      await store.appendToStream(accountStreamId(accountId), [{ ...encodeAccountEvent(event), data: encodeAccountEvent(event).data as JsonValue, eventId: randomUUID(), metadata: {} }], { expectedRevision: 'any' });
    }
  };
  const account = async (balanceMinor: bigint): Promise<AccountId> => {
    const accountId = must(parseAccountId(randomUUID()));
    const opened: AccountEvent = { type: 'AccountOpened', accountId, ownerId: must(parseOwnerId('alice')), currency: EUR };
    await appendAccount(accountId, balanceMinor === 0n ? [opened] : [opened, { type: 'MoneyDeposited', accountId, amount: money(balanceMinor), balanceAfter: money(balanceMinor) }]);
    return accountId;
  };
  const appendTransfer = async (transferId: TransferId, events: TransferEvent[]) => {
    for (const event of events) {
      await store.appendToStream(transferStreamId(transferId), [{ ...encodeTransferEvent(event), data: encodeTransferEvent(event).data as JsonValue, eventId: randomUUID(), metadata: cause }], { expectedRevision: 'any' });
    }
  };
  const requested = async (from: AccountId, to: AccountId, amountMinor: bigint): Promise<TransferId> => {
    const transferId = must(parseTransferId(randomUUID()));
    const owner = must(parseOwnerId('alice'));
    await appendTransfer(transferId, [{ type: 'TransferRequested', transferId, fromAccountId: from, fromOwnerId: owner, toAccountId: to, toOwnerId: owner, amount: money(amountMinor) }]);
    return transferId;
  };
  const events = (streamId: string): Promise<RecordedEvent[]> => store.readStream(streamId, { direction: 'forwards' });
  const balanceOf = async (accountId: AccountId): Promise<bigint> => {
    const state = (await events(accountStreamId(accountId))).map((event) => decodeAccountEvent(event)).reduce(accountDecider.evolve, accountDecider.initialState);
    return state.status === 'open' || state.status === 'frozen' ? state.balance.amountMinor : -1n;
  };
  const statusOf = async (transferId: TransferId) =>
    (await events(transferStreamId(transferId))).map((event) => decodeTransferEvent(event)).reduce(transferDecider.evolve, transferDecider.initialState).status;

  it('completes a transfer: the debit and the credit carry the transfer id, its idempotency key and the request’s correlation', async () => {
    const [from, to] = [await account(10_000n), await account(0n)];
    const transferId = await requested(from, to, 2_550n);

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'final', status: 'completed' });

    expect([await balanceOf(from), await balanceOf(to)]).toEqual([7_450n, 2_550n]);
    const [debit] = (await events(accountStreamId(from))).slice(-1);
    expect(debit?.data).toMatchObject({ transferId });
    expect(debit?.metadata).toMatchObject({ idempotencyKey: `transfer:${transferId}:debit`, correlationId: 'corr-1', actor: 'alice' });
    expect((await events(transferStreamId(transferId))).map((event) => event.type)).toEqual(['ledger.transfer.requested', 'ledger.transfer.debited', 'ledger.transfer.completed']);
  });

  it('advanced again, by another process, changes nothing', async () => {
    const [from, to] = [await account(500n), await account(0n)];
    const transferId = await requested(from, to, 500n);
    await legsOf().advance(transferId, cause);
    const before = [(await events(accountStreamId(from))).length, (await events(accountStreamId(to))).length, (await events(transferStreamId(transferId))).length];

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'final', status: 'completed' });
    expect([(await events(accountStreamId(from))).length, (await events(accountStreamId(to))).length, (await events(transferStreamId(transferId))).length]).toEqual(before);
  });

  it('a crash after the debit, before the transfer recorded it: the restart answers the debit from its key and moves the money once', async () => {
    const [from, to] = [await account(1_000n), await account(0n)];
    const transferId = await requested(from, to, 400n);
    // What a process that died after the account's answer left behind: the debit under its key.
    const debit = { type: 'WithdrawMoney', accountId: from, amount: money(400n), transferId } as const;
    await idempotency.execute({ key: `transfer:${transferId}:debit`, fingerprint: LEG_FINGERPRINT }, async (tx) => {
      const codec = { encode: (event: AccountEvent) => encodeAccountEvent(event) as { type: string; schemaVersion: number; data: JsonValue }, decode: decodeAccountEvent };
      await handleCommand(tx, accountStreamId(from), accountDecider, debit, { codec, metadata: {}, newEventId: randomUUID });
      return { kind: 'accepted' };
    });
    expect(await balanceOf(from)).toBe(600n);

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'final', status: 'completed' });
    expect([await balanceOf(from), await balanceOf(to)]).toEqual([600n, 400n]);
  });

  it('a refused debit fails the transfer with the account’s code, moving nothing', async () => {
    const [from, to] = [await account(100n), await account(0n)];
    const transferId = await requested(from, to, 101n);

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'final', status: 'failed' });
    expect([await balanceOf(from), await balanceOf(to)]).toEqual([100n, 0n]);
    const last = (await events(transferStreamId(transferId))).at(-1);
    expect(last?.data).toMatchObject({ failureCode: 'INSUFFICIENT_FUNDS' });
  });

  it('a refused credit reverses the transfer: the source gets its money back, with the refund’s own key', async () => {
    const [from, to] = [await account(300n), await account(0n)];
    await appendAccount(to, [{ type: 'AccountClosed', accountId: to }]);
    const transferId = await requested(from, to, 300n);

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'final', status: 'reversed' });
    expect(await balanceOf(from)).toBe(300n);
    expect((await events(accountStreamId(from))).slice(-2).map((event) => [event.type, event.metadata.idempotencyKey])).toEqual([
      ['ledger.account.money-withdrawn', `transfer:${transferId}:debit`],
      ['ledger.account.money-deposited', `transfer:${transferId}:refund`],
    ]);
  });

  it('a refund the source refuses leaves the transfer waiting for an operator, and says so', async () => {
    const [from, to] = [await account(0n), await account(0n)];
    await appendAccount(from, [{ type: 'AccountClosed', accountId: from }]);
    const transferId = await requested(from, to, 50n);
    await appendTransfer(transferId, [{ type: 'TransferDebited', transferId }, { type: 'TransferCreditRefused', transferId, failureCode: 'ACCOUNT_CLOSED' }]);

    expect(await legsOf().advance(transferId, cause)).toEqual({ kind: 'stuck', code: 'ACCOUNT_CLOSED' });
    expect(await statusOf(transferId)).toBe('credit-refused');
  });

  it('many transfers out of one account, in both directions, by two processes at once: each ends, none overdraws, the total stays', async () => {
    const [a, b] = [await account(1_000n), await account(1_000n)];
    const transfers = await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? requested(a, b, 70n) : requested(b, a, 30n))));
    const processes = [legsOf(), legsOf()];

    // As the process manager does: a leg that lost to other writers too often is tried again.
    const advance = async (legs: TransferLegs, transferId: TransferId): Promise<void> => {
      for (;;) {
        try {
          return void (await legs.advance(transferId, cause));
        } catch (error) {
          if (!(error instanceof ConcurrencyConflictError)) throw error;
        }
      }
    };
    await Promise.all([...transfers, ...transfers].map((transferId, index) => advance(processes[index % 2] ?? legsOf(), transferId)));

    const statuses = await Promise.all(transfers.map(statusOf));
    expect(statuses.every((status) => status === 'completed' || status === 'failed')).toBe(true);
    const [balanceA, balanceB] = [await balanceOf(a), await balanceOf(b)];
    expect(balanceA + balanceB).toBe(2_000n);
    expect(balanceA).toBeGreaterThanOrEqual(0n);
    expect(balanceB).toBeGreaterThanOrEqual(0n);
    const completedAB = transfers.filter((_, index) => index % 2 === 0 && statuses[index] === 'completed').length;
    const completedBA = transfers.filter((_, index) => index % 2 === 1 && statuses[index] === 'completed').length;
    expect(balanceA).toBe(1_000n - 70n * BigInt(completedAB) + 30n * BigInt(completedBA));
  });
});
