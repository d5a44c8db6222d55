import { accountStreamId, encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { PoisonEventError } from '../src';
import { accountChangesOf } from '../src/accounts';
import { AccountFixture } from '@ledger/domain/testing';

let position = 0n;
const recorded = (events: readonly AccountEvent[], fromRevision = 0): RecordedEvent[] =>
  events.map((event, index) => ({
    eventId: `e-${++position}`,
    ...(encodeAccountEvent(event) as { type: string; schemaVersion: number; data: RecordedEvent['data'] }),
    streamId: accountStreamId(event.accountId),
    streamRevision: BigInt(fromRevision + index),
    position,
    recordedAt: new Date('2026-01-01T00:00:00Z'),
    metadata: { occurredAt: `2026-01-01T00:00:0${index}Z` },
  }));

/** The fold behind account-summary and customer-portfolio: one write per account per batch. */
describe('accountChangesOf', () => {
  it('folds an account\'s events into what its row must become', () => {
    const account = new AccountFixture();

    const [change] = accountChangesOf(recorded([account.opened(), account.deposited(500n, 500n), account.frozen(), account.withdrawn(100n, 400n)]));

    expect(change).toEqual({
      streamId: account.streamId,
      accountId: account.accountId,
      opened: { ownerId: account.ownerId, currency: 'EUR', openedAt: new Date('2026-01-01T00:00:00Z') },
      balanceMinor: 400n,
      status: 'frozen',
      firstRevision: 0n,
      revision: 3n,
      updatedAt: new Date('2026-01-01T00:00:03Z'),
    });
  });

  it('leaves untouched what the batch did not change, and knows where the batch started', () => {
    const account = new AccountFixture();

    const [change] = accountChangesOf(recorded([account.unfrozen(), account.closed()], 7));

    expect(change).toMatchObject({ status: 'closed', firstRevision: 7n, revision: 8n });
    expect(change?.balanceMinor).toBeUndefined();
    expect(change?.opened).toBeUndefined();
  });

  it('keeps one change per account, in first-seen order', () => {
    const [a, b] = [new AccountFixture(), new AccountFixture()];
    const [aOpened, aDeposit] = recorded([a.opened(), a.deposited(1n, 1n)]);
    const [bOpened] = recorded([b.opened()]);

    const changes = accountChangesOf([aOpened, bOpened, aDeposit].flatMap((event) => (event === undefined ? [] : [event])));

    expect(changes.map((change) => [change.accountId, change.revision])).toEqual([
      [a.accountId, 1n],
      [b.accountId, 0n],
    ]);
  });

  it('refuses an event about another account than its stream\'s', () => {
    const [a, b] = [new AccountFixture(), new AccountFixture()];
    const [event] = recorded([a.opened()]);
    if (event === undefined) throw new Error('no event');

    expect(() => accountChangesOf([{ ...event, streamId: b.streamId }])).toThrow(PoisonEventError);
  });
});
