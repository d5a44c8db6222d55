import { err, ok, type Result } from '../result';
import { type IdError } from '../account/account.ids';

declare const transferIdBrand: unique symbol;

/** The UUID of a transfer, in lower case. Its stream is `transfer-<id>`. */
export type TransferId = string & { readonly [transferIdBrand]: true };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts any UUID in canonical form, any case; lower-cased so one transfer is one stream. */
export function parseTransferId(text: string): Result<TransferId, IdError> {
  if (!uuid.test(text)) return err({ reason: 'NOT_A_UUID', message: `transfer id "${text}" is not a UUID` });
  return ok(text.toLowerCase() as TransferId);
}

const transferStreamPrefix = 'transfer-';

/** The stream of a transfer's history, `transfer-<id>`: the one place the name is built. */
export function transferStreamId(transferId: string): string {
  return `${transferStreamPrefix}${transferId}`;
}

/** The transfer id of a `transfer-<id>` stream; undefined for any other stream. */
export function transferIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith(transferStreamPrefix) ? streamId.slice(transferStreamPrefix.length) : undefined;
}
