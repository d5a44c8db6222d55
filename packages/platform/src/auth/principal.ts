/** API.md's roles: what a token may carry that Ledger understands; any other role is ignored. */
export const ROLES = ['customer', 'teller', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified access token: its subject and the roles Ledger knows. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
}

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** How the principal is written into event metadata: `actor` is the subject, `actorRoles` its roles, comma-separated. */
export function actorMetadataOf(principal: Principal): { readonly actor: string; readonly actorRoles: string } {
  return { actor: principal.subject, actorRoles: principal.roles.join(',') };
}

/**
 * Whose accounts `principal` may act on and see (API.md "Identity and access"): a teller every
 * owner's (undefined), anyone else (a customer) only their own, named by their subject.
 */
export function ownerScopeOf(principal: Principal): string | undefined {
  return principal.roles.includes('teller') ? undefined : principal.subject;
}

/** Whether `principal` may act on or see what `ownerId` owns. */
export function mayActFor(principal: Principal, ownerId: string): boolean {
  const scope = ownerScopeOf(principal);
  return scope === undefined || scope === ownerId;
}
