import { type RecordedEvent } from '@ledger/event-store';
import { type Collection, type Db } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKeyError, isTransientMongoError, isWriteOutcomeUnknown } from '../../mongodb/mongo-errors';
import { type ReadModelStore, type ReadModelWriter } from '../../port/read-model-store';
import { type SqlTransaction } from '../../port/sql-transaction';
import { ConcurrentWriteError } from '../../runtime/failures';
import { accountChangesOf } from '../account-changes';
import { AccountOwners } from './account-owners';
import { accountIdOfStream, revisionPath, type AccountOwnerDocument, type PortfolioDocument } from './portfolio-document';
import { portfolioUpdateOf } from './portfolio-updates';

/** How long an owner stays locked after a write whose connection broke, so it settles first. */
const UNKNOWN_WRITE_SETTLE_MS = 5_000;

export interface MongoCustomerPortfolioStoreOptions {
  readonly db: Db;
  /** `customer_portfolios`, or a shadow copy's name while rebuilding. */
  readonly collection?: string;
  readonly ownersCollection?: string;
}

/**
 * `customer-portfolio` in MongoDB: one document per owner with an entry per account. Every write
 * is a single-document conditional update guarded by the account's revision, so it is right on
 * FerretDB (no transactions) and on a MongoDB replica set alike.
 *
 * An owner's accounts live on different Kafka partitions, so batches of several consumers (and
 * projector instances) update one owner document at the same time. MongoDB applies each update
 * atomically; FerretDB 1.x does not (it reads, changes and writes back the whole document, and
 * concurrent updates of one document lose each other's changes, while both report a match).
 * So the writer takes a PostgreSQL advisory lock per owner inside the batch's transaction, which
 * commits only after the MongoDB write: one writer per owner document at a time, everywhere.
 */
export class MongoCustomerPortfolioStore implements ReadModelStore {
  private readonly portfolios: Collection<PortfolioDocument>;
  private readonly owners: AccountOwners;

  constructor({ db, collection = 'customer_portfolios', ownersCollection = 'customer_portfolio_owners' }: MongoCustomerPortfolioStoreOptions) {
    this.portfolios = db.collection<PortfolioDocument>(collection);
    this.owners = new AccountOwners(db.collection<AccountOwnerDocument>(ownersCollection));
  }

  writerFor(transaction: SqlTransaction): ReadModelWriter {
    return new CustomerPortfolioWriter(this.portfolios, this.owners, transaction);
  }

  isTransient(error: unknown): boolean {
    return isTransientMongoError(error);
  }
}

class CustomerPortfolioWriter implements ReadModelWriter {
  constructor(
    private readonly portfolios: Collection<PortfolioDocument>,
    private readonly owners: AccountOwners,
    private readonly transaction: SqlTransaction,
  ) {}

  /** Held until the batch's transaction ends; taken in one order (sorted) so batches cannot deadlock. */
  private async lockOwners(ownerIds: Iterable<string>): Promise<void> {
    const sorted = [...new Set(ownerIds)].sort();
    if (sorted.length === 0) return;
    await this.transaction.query(
      `SELECT pg_advisory_xact_lock(hashtext('ledger.customer-portfolio'), hashtext(owner_id))
         FROM unnest($1::text[]) WITH ORDINALITY AS owners(owner_id, n) ORDER BY n`,
      [sorted],
    );
  }

  async lastRevisions(streamIds: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    const accountIds = streamIds.flatMap((streamId) => accountIdOfStream(streamId) ?? []);
    const owners = await this.owners.ownersOf(accountIds);
    if (owners.size === 0) return new Map();
    const projection = Object.fromEntries([...owners.keys()].map((accountId) => [revisionPath(accountId), 1]));
    const documents = await this.portfolios.find({ _id: { $in: [...new Set(owners.values())] } }, { projection }).toArray();
    const revisions = new Map<string, bigint>();
    for (const document of documents) {
      for (const [accountId, entry] of Object.entries(document.accounts ?? {})) {
        if (owners.get(accountId) === document._id && typeof entry.revision === 'number') {
          revisions.set(`account-${accountId}`, BigInt(entry.revision));
        }
      }
    }
    return revisions;
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const changes = accountChangesOf(events);
    await this.owners.record(changes.flatMap(({ accountId, opened }) => (opened === undefined ? [] : [{ accountId, ownerId: opened.ownerId }])));
    const owners = await this.owners.ownersOf(changes.map((change) => change.accountId));
    await this.lockOwners(owners.values());
    const operations = changes.map((change) => {
      const ownerId = owners.get(change.accountId);
      if (ownerId === undefined) throw new Error(`account ${change.accountId} has no owner on record: its opening was never applied`);
      return portfolioUpdateOf(change, ownerId);
    });
    let written: number;
    try {
      const result = await this.portfolios.bulkWrite(operations, { ordered: false });
      written = result.matchedCount + result.upsertedCount;
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConcurrentWriteError('an account was opened by another writer at the same time');
      // The write may still be running on the server; rethrowing now would release the owner
      // locks with the transaction and let the retry race it (FerretDB loses one of the two).
      if (isWriteOutcomeUnknown(error)) await sleep(UNKNOWN_WRITE_SETTLE_MS);
      throw error;
    }
    if (written !== operations.length) {
      throw new ConcurrentWriteError(`${operations.length - written} portfolio entr(y/ies) were not at the expected revision`);
    }
  }

  applyOne(event: RecordedEvent): Promise<void> {
    return this.apply([event]);
  }

  /**
   * The guard of an account lives in its portfolio entry, which its opening creates: an opening
   * skipped would leave nothing to record the skip in, and the next event would bring it back
   * from the store. So the opening cannot be skipped here; fix the cause and retry it.
   */
  async skip(streamId: string, revision: bigint): Promise<void> {
    const accountId = accountIdOfStream(streamId);
    if (accountId === undefined) return;
    if (revision === 0n) {
      throw new Error(`the opening of ${streamId} cannot be skipped in customer-portfolio (its entry carries the account's guard); fix the cause and retry it`);
    }
    const ownerId = (await this.owners.ownersOf([accountId])).get(accountId);
    if (ownerId === undefined) return;
    await this.lockOwners([ownerId]);
    await this.portfolios.updateOne(
      { _id: ownerId, [revisionPath(accountId)]: Number(revision - 1n) },
      { $set: { [revisionPath(accountId)]: Number(revision) } },
    );
  }
}
