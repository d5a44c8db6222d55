import { mayActFor, ownerScopeOf, type Principal } from '@ledger/platform';
import type { ReadYourWritesRequest } from './read-your-writes';

/** Whether `reader` may see what is owned by any of `owners` (an account has one, a transfer two: its payer and payee). */
export function maySeeAnyOf(reader: Principal, owners: readonly string[]): boolean {
  return owners.some((owner) => mayActFor(reader, owner));
}

/**
 * Whether a read that is about to wait for `minRevision` is of something the reader may not see,
 * as far as the read model knows already: it is not waited for, since the revision a wait ends
 * on would tell that it exists. Only a customer's waits are asked about, so `ownersOf` (the
 * owners the read model knows, undefined when it has not seen the subject yet) is read only then.
 */
export async function foreignBeforeWaiting(
  reader: Principal,
  request: ReadYourWritesRequest,
  ownersOf: () => Promise<readonly string[] | undefined>,
): Promise<boolean> {
  if (ownerScopeOf(reader) === undefined || request.minRevision === undefined) return false;
  const owners = await ownersOf();
  return owners !== undefined && !maySeeAnyOf(reader, owners);
}

/**
 * For `ReadYourWrites.ensure`: whether the revision a wait reached may be told to `reader`, asked
 * after the wait, when the subject may have appeared (as someone else's) meanwhile.
 */
export function mayRevealTo(reader: Principal, ownersOf: () => Promise<readonly string[] | undefined>): () => Promise<boolean> {
  return async () => {
    if (ownerScopeOf(reader) === undefined) return true;
    const owners = await ownersOf();
    return owners !== undefined && maySeeAnyOf(reader, owners);
  };
}
