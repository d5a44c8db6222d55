import { AccountFixture } from '@ledger/domain/testing';
import { type RecordedEvent } from '@ledger/event-store';
import { PoisonEventError } from '../src';
import { TransferFixture } from '@ledger/domain/testing';
import { storedFormOf, type LedgerEvent } from '../src/testing';
import { transferChangesOf } from '../src/transfers';

let position = 0n;
const recorded = (events: readonly LedgerEvent[], fromRevision = 0): RecordedEvent[] =>
  events.map((event, index) => ({
    eventId: `e-${++position}`,
    ...storedFormOf(event),
    streamRevision: BigInt(fromRevision + index),
    position,
    recordedAt: new Date('2026-01-01T00:00:00Z'),
    metadata: { occurredAt: `2026-01-01T00:00:0${index}Z` },
  }));

const transferOf = () => new TransferFixture(new AccountFixture(), new AccountFixture(), 1_250n, 'rent');

/** The fold behind transfer-summary: one write per transfer per batch. */
describe('transferChangesOf', () => {
  it('folds a transfer’s events into what its row must become', () => {
    const transfer = transferOf();

    const [change] = transferChangesOf(recorded([transfer.requested(), transfer.debited(), transfer.completed()]));

    expect(change).toEqual({
      streamId: transfer.streamId,
      transferId: transfer.transferId,
      requested: {
        fromAccountId: transfer.from.accountId,
        fromOwnerId: transfer.from.ownerId,
        toAccountId: transfer.to.accountId,
        toOwnerId: transfer.to.ownerId,
        amountMinor: 1_250n,
        currency: 'EUR',
        reference: 'rent',
        createdAt: new Date('2026-01-01T00:00:00Z'),
      },
      status: 'completed',
      revision: 2n,
      updatedAt: new Date('2026-01-01T00:00:02Z'),
    });
  });

  it('maps every step to the status clients see, and keeps the refusing account’s code', () => {
    const [failed, refused, reversed] = [transferOf(), transferOf(), transferOf()];

    const changes = transferChangesOf([
      ...recorded([failed.failed('ACCOUNT_FROZEN')], 1),
      ...recorded([refused.debited(), refused.creditRefused('ACCOUNT_CLOSED')], 1),
      ...recorded([reversed.creditRefused('CURRENCY_MISMATCH'), reversed.reversed()], 2),
    ]);

    expect(changes.map(({ status, failureCode, requested }) => ({ status, failureCode, requested }))).toEqual([
      { status: 'failed', failureCode: 'ACCOUNT_FROZEN', requested: undefined },
      { status: 'pending', failureCode: 'ACCOUNT_CLOSED', requested: undefined },
      { status: 'reversed', failureCode: 'CURRENCY_MISMATCH', requested: undefined },
    ]);
  });

  it('leaves the code untouched when the batch does not name one: a refund after the refusal keeps it in the row', () => {
    const transfer = transferOf();

    const [change] = transferChangesOf(recorded([transfer.reversed()], 3));

    expect(change).toMatchObject({ status: 'reversed', revision: 3n });
    expect(change?.failureCode).toBeUndefined();
  });

  it('a request without a reference keeps none (null)', () => {
    const transfer = new TransferFixture(new AccountFixture(), new AccountFixture());

    expect(transferChangesOf(recorded([transfer.requested()]))[0]?.requested?.reference).toBeNull();
  });

  it('refuses an event about another transfer than its stream’s', () => {
    const [a, b] = [transferOf(), transferOf()];
    const [event] = recorded([a.requested()]);
    if (event === undefined) throw new Error('no event');

    expect(() => transferChangesOf([{ ...event, streamId: b.streamId }])).toThrow(PoisonEventError);
  });
});
