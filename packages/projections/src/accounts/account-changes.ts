import { assertNever, type AccountEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { occurredAtOf } from '../runtime/occurred-at';
import { accountEventOf } from './account-event-of';

export type AccountStatus = 'open' | 'frozen' | 'closed';

/**
 * What one account's events in a batch do to its row (or portfolio entry), folded into one
 * write: fields left undefined are not touched.
 */
export interface AccountChange {
  readonly streamId: string;
  readonly accountId: string;
  /** Present when the batch opens the account: the row is created. */
  readonly opened?: { readonly ownerId: string; readonly currency: string; readonly openedAt: Date };
  readonly balanceMinor?: bigint;
  readonly status?: AccountStatus;
  /** The revision of the account's first event in the batch (the guard must be one below). */
  readonly firstRevision: bigint;
  /** The revision of its last event in the batch. */
  readonly revision: bigint;
  readonly updatedAt: Date;
}

type Effect = Pick<AccountChange, 'opened' | 'balanceMinor' | 'status'>;

function effectOf(event: AccountEvent, at: Date): Effect {
  switch (event.type) {
    case 'AccountOpened':
      return { opened: { ownerId: event.ownerId, currency: event.currency, openedAt: at }, balanceMinor: 0n, status: 'open' };
    case 'MoneyDeposited':
    case 'MoneyWithdrawn':
      // balanceAfter is the decider's result: no need to know the previous balance.
      return { balanceMinor: event.balanceAfter.amountMinor };
    case 'AccountFrozen':
      return { status: 'frozen' };
    case 'AccountUnfrozen':
      return { status: 'open' };
    case 'AccountClosed':
      return { status: 'closed' };
    default:
      return assertNever(event);
  }
}

/** One change per account, folding its events in order; throws on the first event that does not decode. */
export function accountChangesOf(events: readonly RecordedEvent[]): AccountChange[] {
  const changes = new Map<string, AccountChange>();
  for (const recorded of events) {
    const event = accountEventOf(recorded);
    const at = occurredAtOf(recorded);
    const previous = changes.get(event.accountId);
    changes.set(event.accountId, {
      ...(previous ?? { streamId: recorded.streamId, accountId: event.accountId, firstRevision: recorded.streamRevision }),
      ...effectOf(event, at),
      revision: recorded.streamRevision,
      updatedAt: at,
    });
  }
  return [...changes.values()];
}
