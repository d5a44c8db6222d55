import type { Role } from '@ledger/platform';

/** What the sign-in page tells a developer, since any password will do. */
export const DEVELOPMENT_USER_HINTS: readonly { readonly username: string; readonly roles: readonly Role[]; readonly orAnyOther?: true }[] = [
  { username: 'operator', roles: ['operator'] },
  { username: 'teller', roles: ['teller'] },
  { username: 'customer1', roles: ['customer'], orAnyOther: true },
];

/** The owner id's rule (API.md; OWNER_ID_PATTERN of @ledger/domain, which infra may not import). */
const OWNER_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

/**
 * The local provider's users: there is no user store, the username is the subject and decides
 * the roles. `operator` and `teller` are the staff roles; anyone else is a customer whose
 * accounts are the ones owned by that subject.
 */
export function rolesOfUser(username: string): Role[] {
  if (username === 'operator') return ['operator'];
  if (username === 'teller') return ['teller'];
  return ['customer'];
}

/**
 * Why a username cannot sign in, if it cannot: it becomes the token's `sub`, which is a
 * customer's owner id, so it follows the owner id's rule (API.md) and the apps accept it.
 */
export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'Enter a username.';
  if (!OWNER_ID.test(username)) return 'A username is 1 to 64 characters of A-Z a-z 0-9 . _ : @ -';
  return undefined;
}
