import type { Principal } from '@ledger/platform';

/**
 * Whose accounts `reader` may see (API.md "Identity and access"): a teller every owner's
 * (undefined), anyone else (a customer) only their own, named by their subject. Another owner's
 * account or portfolio then answers exactly as one that does not exist: 404.
 */
export function ownerScopeOf(reader: Principal): string | undefined {
  return reader.roles.includes('teller') ? undefined : reader.subject;
}

/** Whether `reader` may see what `ownerId` owns. */
export function maySeeOwner(reader: Principal, ownerId: string): boolean {
  const scope = ownerScopeOf(reader);
  return scope === undefined || scope === ownerId;
}
