import {
  accountDecider,
  accountNotFound,
  accountStateFromSnapshot,
  accountStreamId,
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  currencyMismatch,
  decodeAccountEvent,
  type AccountError,
  type AccountId,
  type AccountState,
  type OwnerId,
  type PositiveMoney,
} from '@ledger/domain';
import { loadState, type CommandStore } from '@ledger/event-store';
import { mayActFor, type Principal } from '@ledger/platform';

/** The owners of both accounts, recorded on the transfer so its readers can be checked. */
export interface TransferParties {
  readonly fromOwnerId: OwnerId;
  readonly toOwnerId: OwnerId;
}

const accountFold = { initialState: accountDecider.initialState, evolve: accountDecider.evolve, decode: decodeAccountEvent };

async function loadAccount(store: CommandStore, accountId: AccountId): Promise<AccountState> {
  const snapshots = { store, schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION, fromJson: accountStateFromSnapshot };
  return (await loadState(store, accountStreamId(accountId), accountFold, snapshots, undefined)).state;
}

/**
 * The request-time checks of API.md "Transfers": both accounts exist (404), the customer owns the
 * source (another owner's account answers like a missing one), and the amount is in the source's
 * currency. Funds, freezes and the destination's currency are decided by the accounts when the
 * process manager moves the money, since they may change before it does.
 */
export async function transferPartiesOf(
  store: CommandStore,
  principal: Principal,
  from: AccountId,
  to: AccountId,
  amount: PositiveMoney,
): Promise<TransferParties | AccountError> {
  const [source, destination] = await Promise.all([loadAccount(store, from), loadAccount(store, to)]);
  if (source.status === 'not-opened' || !mayActFor(principal, source.ownerId)) return accountNotFound(from);
  if (destination.status === 'not-opened') return accountNotFound(to);
  const sourceCurrency = source.status === 'closed' ? source.currency : source.balance.currency;
  if (sourceCurrency !== amount.currency) return currencyMismatch(from, sourceCurrency, amount.currency);
  return { fromOwnerId: source.ownerId, toOwnerId: destination.ownerId };
}
