import { type AnyBulkWriteOperation } from 'mongodb';
import { type AccountChange } from '../account-changes';
import { accountPath, revisionPath, type PortfolioDocument } from './portfolio-document';

/**
 * The single-document conditional write of one account's change (FerretDB 1.x has no
 * multi-document transactions, and none is needed): the revision guard is in the filter, so a
 * write that does not find the account exactly one revision behind matches nothing.
 * - Opening: the entry must not exist yet; the owner's document is created if needed (upsert).
 * - Anything else: the entry must be at the revision before the change's first event.
 * `updatedAt` only moves forward: accounts of one owner may be applied out of order across partitions.
 */
export function portfolioUpdateOf(change: AccountChange, ownerId: string): AnyBulkWriteOperation<PortfolioDocument> {
  const { accountId, opened } = change;
  if (opened !== undefined) {
    const entry = {
      accountId,
      currency: opened.currency,
      balanceMinor: (change.balanceMinor ?? 0n).toString(),
      status: change.status ?? 'open',
      revision: Number(change.revision),
    };
    return {
      updateOne: {
        filter: { _id: ownerId, [accountPath(accountId)]: { $exists: false } },
        update: { $set: { ownerId, [accountPath(accountId)]: entry }, $max: { updatedAt: change.updatedAt } },
        upsert: true,
      },
    };
  }
  const fields: Record<string, string | number> = { [revisionPath(accountId)]: Number(change.revision) };
  if (change.balanceMinor !== undefined) fields[`${accountPath(accountId)}.balanceMinor`] = change.balanceMinor.toString();
  if (change.status !== undefined) fields[`${accountPath(accountId)}.status`] = change.status;
  return {
    updateOne: {
      filter: { _id: ownerId, [revisionPath(accountId)]: Number(change.firstRevision - 1n) },
      update: { $set: fields, $max: { updatedAt: change.updatedAt } },
    },
  };
}
