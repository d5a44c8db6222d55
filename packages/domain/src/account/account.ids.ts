import { err, ok, type Result } from '../result';

declare const accountIdBrand: unique symbol;
declare const ownerIdBrand: unique symbol;

/** The UUID of an account, in lower case. Its stream is `account-<id>`. */
export type AccountId = string & { readonly [accountIdBrand]: true };

/**
 * The customer who owns an account, by the bank's own customer id: opaque, exactly as the bank
 * spells it. Case matters (`Cust-7` and `cust-7` are two customers); a UUID is one such id.
 */
export type OwnerId = string & { readonly [ownerIdBrand]: true };

/** Why an id was refused. */
export interface IdError {
  readonly reason: 'NOT_A_UUID' | 'NOT_AN_OWNER_ID';
  readonly message: string;
}

/**
 * What an owner id may be (API.md): 1 to 64 characters from A–Z, a–z, 0–9 and `. _ : @ -`,
 * as a regular expression's source, so request schemas can publish the same rule.
 */
export const OWNER_ID_PATTERN = '^[A-Za-z0-9._:@-]{1,64}$';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ownerIdFormat = new RegExp(OWNER_ID_PATTERN);

/**
 * Accepts any UUID in canonical 8-4-4-4-12 form, any case; returns it in lower case.
 * Lower-casing makes one UUID one stream: "ABC…" and "abc…" must not become two accounts.
 */
export function parseAccountId(text: string): Result<AccountId, IdError> {
  if (!uuid.test(text)) return err({ reason: 'NOT_A_UUID', message: `account id "${text}" is not a UUID` });
  return ok(text.toLowerCase() as AccountId);
}

const accountStreamPrefix = 'account-';

/**
 * The event stream that holds an account's history, `account-<id>` (streams are named
 * `<category>-<id>`). The one place the name is built: stored streams outlive the code.
 */
export function accountStreamId(accountId: string): string {
  return `${accountStreamPrefix}${accountId}`;
}

/** The account id of an `account-<id>` stream; undefined for any other stream. */
export function accountIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith(accountStreamPrefix) ? streamId.slice(accountStreamPrefix.length) : undefined;
}

/** Accepts an owner id as OWNER_ID_PATTERN describes it and returns it unchanged. */
export function parseOwnerId(text: string): Result<OwnerId, IdError> {
  if (!ownerIdFormat.test(text)) {
    return err({ reason: 'NOT_AN_OWNER_ID', message: 'owner id must be 1 to 64 characters from A-Z, a-z, 0-9 and . _ : @ -' });
  }
  return ok(text as OwnerId);
}
