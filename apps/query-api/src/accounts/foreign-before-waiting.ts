import { mayActFor, ownerScopeOf, type Principal } from '@ledger/platform';
import type { AccountSummaries } from '../read-models/account-summaries';
import type { ReadYourWritesRequest } from '../read-models/read-your-writes';

/**
 * Whether a read that is about to wait for `minRevision` is of an account the reader may not see,
 * as far as the account summary knows already: such an account is not waited for, since the
 * revision a wait ends on would tell that it exists. Only a customer's waits are asked about.
 */
export async function foreignBeforeWaiting(summaries: AccountSummaries, reader: Principal, accountId: string, request: ReadYourWritesRequest): Promise<boolean> {
  if (ownerScopeOf(reader) === undefined || request.minRevision === undefined) return false;
  const summary = await summaries.find(accountId);
  return summary !== undefined && !mayActFor(reader, summary.owner_id);
}
