import { assertNever } from '../assert-never';
import { InvalidFieldError, type JsonObject } from '../events/encoded-event';
import { asRecord, readMinorUnits, readString, required } from '../events/read-fields';
import { parseCurrency, type Currency } from '../money/currency';
import { moneyOf, type Money } from '../money/money';
import { parseAccountId, parseOwnerId, type AccountId, type OwnerId } from './account.ids';
import { type AccountState } from './account.state';

type Fields = Readonly<Record<string, unknown>>;

/**
 * The shape of the JSON below. Bump it whenever `AccountState` or `evolve` changes: the event
 * store then ignores snapshots of the old shape and the state is rebuilt from the events.
 */
export const ACCOUNT_SNAPSHOT_SCHEMA_VERSION = 1;

/** A stored snapshot this code cannot read. Snapshots are a cache: rebuild from the events. */
export class AccountSnapshotDecodeError extends Error {
  override readonly name = 'AccountSnapshotDecodeError';

  constructor(detail: string) {
    super(`cannot read account snapshot v${ACCOUNT_SNAPSHOT_SCHEMA_VERSION}: ${detail}`);
  }
}

/** The state as JSON, with the balance as a string of minor units (`"12550"`): JSON has no bigint. */
export function accountStateToSnapshot(state: AccountState): JsonObject {
  switch (state.status) {
    case 'not-opened':
      return { status: state.status };
    case 'open':
      return { status: state.status, accountId: state.accountId, ownerId: state.ownerId, ...balanceFields(state.balance) };
    case 'frozen':
      return {
        status: state.status,
        accountId: state.accountId,
        ownerId: state.ownerId,
        ...balanceFields(state.balance),
        reason: state.reason,
      };
    case 'closed':
      return { status: state.status, accountId: state.accountId, ownerId: state.ownerId, currency: state.currency };
    default:
      return assertNever(state);
  }
}

function balanceFields(balance: Money): JsonObject {
  return { currency: balance.currency, balanceMinor: balance.amountMinor.toString() };
}

/**
 * Reads a snapshot back through the same smart constructors commands use, so a tampered or
 * truncated snapshot can never become a state `evolve` would not produce. Throws
 * `AccountSnapshotDecodeError` naming the field.
 */
export function accountStateFromSnapshot(json: unknown): AccountState {
  try {
    return stateOf(asRecord(json));
  } catch (error) {
    if (error instanceof InvalidFieldError) throw new AccountSnapshotDecodeError(error.message);
    throw error;
  }
}

function stateOf(fields: Fields): AccountState {
  const status = readString(fields, 'status');
  switch (status) {
    case 'not-opened':
      return { status };
    case 'open':
      return { status, ...identityOf(fields), balance: balanceOf(fields) };
    case 'frozen':
      return { status, ...identityOf(fields), balance: balanceOf(fields), reason: readString(fields, 'reason') };
    case 'closed':
      return { status, ...identityOf(fields), currency: currencyOf(fields) };
    default:
      throw new InvalidFieldError(`"status": unknown status "${status}"`);
  }
}

function identityOf(fields: Fields): { readonly accountId: AccountId; readonly ownerId: OwnerId } {
  return {
    accountId: required('accountId', parseAccountId(readString(fields, 'accountId'))),
    ownerId: required('ownerId', parseOwnerId(readString(fields, 'ownerId'))),
  };
}

function currencyOf(fields: Fields): Currency {
  return required('currency', parseCurrency(readString(fields, 'currency')));
}

function balanceOf(fields: Fields): Money {
  return required('balanceMinor', moneyOf(readMinorUnits(fields, 'balanceMinor'), currencyOf(fields)));
}
