/**
 * A rejected command as the domain reports it: data with a stable code and whatever facts explain
 * it (`{ code: 'INSUFFICIENT_FUNDS', balance, requested }`). The domain never knows HTTP.
 */
export interface DomainError {
  readonly code: string;
  readonly message?: string;
  readonly [fact: string]: unknown;
}

/**
 * The HTTP status of each domain code, owned by the app that exposes the domain
 * (`{ ACCOUNT_ALREADY_OPEN: 409, INSUFFICIENT_FUNDS: 422 }`). A code missing from the table is
 * answered 422: the request was understood and refused by a business rule.
 */
export type DomainErrorStatusTable = Readonly<Record<string, number>>;

/** Carries a `DomainError` from a handler to the problem+json filter. */
export class DomainErrorException extends Error {
  override readonly name = 'DomainErrorException';

  constructor(readonly error: DomainError) {
    super(error.message ?? error.code);
  }
}
