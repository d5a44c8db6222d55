import { accountNotFound, type AccountCommand, type AccountError, type AccountState } from '@ledger/domain';
import { ownerScopeOf, type Principal } from '@ledger/platform';

/** Tellers act on every account; anyone else (a customer) only on the accounts they own. */
export function actsOnAnyAccount(principal: Principal): boolean {
  return ownerScopeOf(principal) === undefined;
}

/**
 * Who may run `command` on the account as loaded (API.md "Identity and access"): a customer's
 * command on someone else's account is refused exactly like one on an account that does not
 * exist, so neither its existence nor its revision leaks. `handleCommand` asks this before it
 * compares the client's `If-Match`, on the very state the command is decided on, so no owner can
 * change between the check and the append.
 */
export function accountAdmissionFor(principal: Principal, command: AccountCommand): ((state: AccountState) => AccountError | undefined) | undefined {
  if (actsOnAnyAccount(principal) || command.type === 'OpenAccount') return undefined;
  return (state) => (state.status !== 'not-opened' && state.ownerId !== principal.subject ? accountNotFound(command.accountId) : undefined);
}
