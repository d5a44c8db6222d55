import { type Collection } from 'mongodb';
import { boundedBulkWrite } from '../../mongodb/bounded-bulk-write';
import { findByIds } from '../../mongodb/find-by-ids';
import { type AccountOwnerDocument } from './portfolio-document';

/**
 * Account → owner, written when an account opens (before the portfolio entry, so a portfolio
 * entry always has its owner on record). An account never changes owner, so the cache never
 * goes stale; it is bounded, dropping the oldest entries first.
 */
export class AccountOwners {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly collection: Collection<AccountOwnerDocument>,
    /** Statements per write command (see DEFAULT_WRITE_STATEMENTS_MAX). */
    private readonly writeStatementsMax: number,
    private readonly cacheSize = 100_000,
  ) {}

  async ownersOf(accountIds: readonly string[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    const unknown: string[] = [];
    for (const accountId of new Set(accountIds)) {
      const owner = this.cache.get(accountId);
      if (owner === undefined) unknown.push(accountId);
      else owners.set(accountId, owner);
    }
    if (unknown.length > 0) {
      for (const found of await findByIds(this.collection, unknown)) {
        owners.set(found._id, found.ownerId);
        this.remember(found._id, found.ownerId);
      }
    }
    return owners;
  }

  /** Records owners of newly opened accounts; idempotent (an existing entry is left as it is). */
  async record(entries: readonly { readonly accountId: string; readonly ownerId: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await boundedBulkWrite(
      this.collection,
      entries.map(({ accountId, ownerId }) => ({
        updateOne: { filter: { _id: accountId }, update: { $setOnInsert: { ownerId } }, upsert: true },
      })),
      this.writeStatementsMax,
    );
    for (const { accountId, ownerId } of entries) this.remember(accountId, ownerId);
  }

  private remember(accountId: string, ownerId: string): void {
    this.cache.set(accountId, ownerId);
    if (this.cache.size <= this.cacheSize) return;
    const oldest = this.cache.keys().next();
    if (oldest.done !== true) this.cache.delete(oldest.value);
  }
}
