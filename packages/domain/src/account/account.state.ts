import { assertNever } from '../assert-never';
import { type Currency } from '../money/currency';
import { zeroMoney, type Money } from '../money/money';
import { type AccountEvent, type MoneyDeposited, type MoneyWithdrawn } from './account.events';
import { type AccountId, type OwnerId } from './account.ids';

// One shape per lifecycle stage, so a rule about a closed account cannot be written without
// the compiler asking what happens to each of the others.

export interface NotOpened {
  readonly status: 'not-opened';
}

export interface Open {
  readonly status: 'open';
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly balance: Money;
}

export interface Frozen {
  readonly status: 'frozen';
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly balance: Money;
  readonly reason: string;
}

/** A closed account keeps its currency but no balance: it can only be closed at zero. */
export interface Closed {
  readonly status: 'closed';
  readonly accountId: AccountId;
  readonly ownerId: OwnerId;
  readonly currency: Currency;
}

export type AccountState = NotOpened | Open | Frozen | Closed;

export const initialState: AccountState = { status: 'not-opened' };

/**
 * A stored event that the state it is applied to could never have produced (a deposit before
 * the opening, a balance that does not add up). History is the source of truth, so this is
 * corruption to stop at, not a case to paper over with a guess.
 */
export class InvalidHistoryError extends Error {
  override readonly name = 'InvalidHistoryError';
}

/**
 * Applies one recorded fact. Pure and total over valid histories (those `decide` produces);
 * throws `InvalidHistoryError` on an impossible one.
 */
export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountOpened':
      expectStatus(state, 'not-opened', event);
      return { status: 'open', accountId: event.accountId, ownerId: event.ownerId, balance: zeroMoney(event.currency) };
    case 'MoneyDeposited': {
      const live = expectLive(state, event);
      return { ...live, balance: applyMovement(live.balance, event) };
    }
    case 'MoneyWithdrawn': {
      const open = expectStatus(state, 'open', event);
      return { ...open, balance: applyMovement(open.balance, event) };
    }
    case 'AccountFrozen': {
      const { accountId, ownerId, balance } = expectStatus(state, 'open', event);
      return { status: 'frozen', accountId, ownerId, balance, reason: event.reason };
    }
    case 'AccountUnfrozen': {
      const { accountId, ownerId, balance } = expectStatus(state, 'frozen', event);
      return { status: 'open', accountId, ownerId, balance };
    }
    case 'AccountClosed': {
      const { accountId, ownerId, balance } = expectStatus(state, 'open', event);
      if (balance.amountMinor !== 0n) throw new InvalidHistoryError(`AccountClosed with a non-zero balance`);
      return { status: 'closed', accountId, ownerId, currency: balance.currency };
    }
    default:
      return assertNever(event);
  }
}

function expectStatus<S extends AccountState['status']>(
  state: AccountState,
  status: S,
  event: AccountEvent,
): Extract<AccountState, { status: S }> {
  if (state.status !== status) throw new InvalidHistoryError(`${event.type} cannot follow a ${state.status} account`);
  return state as Extract<AccountState, { status: S }>;
}

function expectLive(state: AccountState, event: AccountEvent): Open | Frozen {
  if (state.status === 'open' || state.status === 'frozen') return state;
  throw new InvalidHistoryError(`${event.type} cannot follow a ${state.status} account`);
}

// The stored balanceAfter must be what the fold says; a mismatch means a lost or altered event.
function applyMovement(balance: Money, event: MoneyDeposited | MoneyWithdrawn): Money {
  const { amount, balanceAfter } = event;
  if (amount.currency !== balance.currency || balanceAfter.currency !== balance.currency) {
    throw new InvalidHistoryError(`${event.type} in ${amount.currency} on a ${balance.currency} account`);
  }
  const delta = event.type === 'MoneyDeposited' ? amount.amountMinor : -amount.amountMinor;
  if (balance.amountMinor + delta !== balanceAfter.amountMinor) {
    throw new InvalidHistoryError(`${event.type} says the balance is ${balanceAfter.amountMinor}, not ${balance.amountMinor + delta}`);
  }
  return balanceAfter;
}
