import { ValidationFailedException } from '@ledger/platform';

/**
 * Keyset pagination cursors: the last key a page ended on, opaque to clients (base64url JSON
 * with a version), so the key can change shape later without breaking links they hold.
 */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: key })).toString('base64url');
}

/** The key inside a cursor; a cursor this API did not issue is a 400 on the `cursor` field. */
export function decodeCursor(cursor: string, isKey: (key: string) => boolean): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; after?: unknown };
    if (parsed.v === 1 && typeof parsed.after === 'string' && isKey(parsed.after)) return parsed.after;
  } catch {
    // fall through: not JSON
  }
  throw new ValidationFailedException([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
}

/** A page of `limit` items from `limit + 1` rows: the extra row only says another page exists. */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => string,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
