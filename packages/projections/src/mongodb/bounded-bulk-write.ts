import { type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';

/**
 * Statements per MongoDB write command unless configured (`MONGODB_WRITE_STATEMENTS_MAX`).
 *
 * FerretDB 1.x (1.24.0 to 1.24.2 at least, `internal/handler/msg_update.go`) keeps the query of
 * every statement of an `update` command open until the whole command ends, and each statement's
 * write takes one more connection from the same PostgreSQL pool (`pool_max_conns`, 50 unless its
 * URL says otherwise). A command of k statements therefore holds up to k + 1 connections, and
 * once the commands in flight hold the whole pool none of them can finish: the server stops
 * answering anything, `ping` included, for good. One unordered bulk write of 49 updates does it
 * on a fresh server.
 *
 * So no write command may carry more than a few statements. With C commands in flight on one
 * server, C × bound + 1 connections must fit in its pool. A projector runs up to
 * `PROJECTOR_PARTITION_CONCURRENCY` (3) batches and one rebuild of a projection at once, so 4 × 8
 * + 1 = 33 fits in FerretDB's default 50 with room for reads; and in FerretDB every statement is
 * executed one after another anyway, so longer commands save only a round trip each
 * (measured in `mongo-bounded-writes.int.spec.ts`: see the README's MongoDB section).
 */
export const DEFAULT_WRITE_STATEMENTS_MAX = 8;

/** What a bounded bulk write did, summed over its commands. */
export interface BulkWriteTally {
  readonly matchedCount: number;
  readonly upsertedCount: number;
  readonly modifiedCount: number;
}

/**
 * `collection.bulkWrite(operations, { ordered: false })`, sent as consecutive commands of at
 * most `maxStatements` operations each (see DEFAULT_WRITE_STATEMENTS_MAX for why).
 *
 * Unordered within a command, like the single bulk write it replaces; a failing command stops
 * the rest, and the commands already acknowledged stay written. Callers whose writes are
 * conditional (a revision guard in the filter) therefore retry the whole batch safely: what was
 * written matches nothing the second time.
 */
export async function boundedBulkWrite<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
  maxStatements: number,
): Promise<BulkWriteTally> {
  if (!Number.isInteger(maxStatements) || maxStatements < 1) throw new RangeError(`maxStatements must be a positive integer, not ${maxStatements}`);
  let matchedCount = 0;
  let upsertedCount = 0;
  let modifiedCount = 0;
  for (let start = 0; start < operations.length; start += maxStatements) {
    const result = await collection.bulkWrite(operations.slice(start, start + maxStatements), { ordered: false });
    matchedCount += result.matchedCount;
    upsertedCount += result.upsertedCount;
    modifiedCount += result.modifiedCount;
  }
  return { matchedCount, upsertedCount, modifiedCount };
}
