import { err, ok, type Result } from '../result';

declare const accountIdBrand: unique symbol;
declare const ownerIdBrand: unique symbol;

/** The UUID of an account, in lower case. Its stream is `account-<id>`. */
export type AccountId = string & { readonly [accountIdBrand]: true };

/** The UUID of the customer who owns an account, in lower case. */
export type OwnerId = string & { readonly [ownerIdBrand]: true };

/** Why an id was refused. */
export interface IdError {
  readonly reason: 'NOT_A_UUID';
  readonly message: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Lower-casing makes one UUID one stream: "ABC…" and "abc…" must not become two accounts.
function parseUuid(text: string, what: string): Result<string, IdError> {
  if (!uuid.test(text)) return err({ reason: 'NOT_A_UUID', message: `${what} "${text}" is not a UUID` });
  return ok(text.toLowerCase());
}

/** Accepts any UUID in canonical 8-4-4-4-12 form, any case; returns it in lower case. */
export function parseAccountId(text: string): Result<AccountId, IdError> {
  return parseUuid(text, 'account id') as Result<AccountId, IdError>;
}

/** Accepts any UUID in canonical 8-4-4-4-12 form, any case; returns it in lower case. */
export function parseOwnerId(text: string): Result<OwnerId, IdError> {
  return parseUuid(text, 'owner id') as Result<OwnerId, IdError>;
}
