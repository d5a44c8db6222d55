import { accountDecider, accountNotFound, reject } from '@ledger/domain';
import type { Principal } from '@ledger/platform';

export type AccountDecider = typeof accountDecider;

/** Tellers act on every account; anyone else (a customer) only on the accounts they own. */
export function actsOnAnyAccount(principal: Principal): boolean {
  return principal.roles.includes('teller');
}

/**
 * The account decider as `principal` may use it (API.md "Identity and access"). A customer's
 * command on someone else's account is refused exactly like one on an account that does not
 * exist, so its existence never leaks; the check runs on the state the command is decided on,
 * inside the same load, so no owner can change between the check and the append.
 */
export function accountDeciderFor(principal: Principal): AccountDecider {
  if (actsOnAnyAccount(principal)) return accountDecider;
  return {
    ...accountDecider,
    decide: (command, state) =>
      command.type !== 'OpenAccount' && state.status !== 'not-opened' && state.ownerId !== principal.subject
        ? reject(accountNotFound(command.accountId))
        : accountDecider.decide(command, state),
  };
}
