import { accountIdOfStream, accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { type Collection, type Db } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundedBulkWrite, DEFAULT_WRITE_STATEMENTS_MAX } from '../../mongodb/bounded-bulk-write';
import { findByIds } from '../../mongodb/find-by-ids';
import { isDuplicateKeyError, isTransientMongoError, isWriteOutcomeUnknown } from '../../mongodb/mongo-errors';
import { type ReadModelStore, type ReadModelWriter } from '../../port/read-model-store';
import { type UnitOfWork } from '../../port/unit-of-work';
import { ConcurrentWriteError } from '../../runtime/failures';
import { accountChangesOf } from '../account-changes';
import { AccountOwners } from './account-owners';
import { copyNameOf } from '../../port/read-model-copies';
import {
  ownersCollection,
  portfolioCollection,
  revisionPath,
  type AccountOwnerDocument,
  type PortfolioDocument,
} from './portfolio-document';
import { portfolioUpdateOf } from './portfolio-updates';

/** How long an owner stays locked after a write whose connection broke, so it settles first. */
const UNKNOWN_WRITE_SETTLE_MS = 5_000;

export interface MongoCustomerPortfolioStoreOptions {
  readonly db: Db;
  /**
   * Which copy the writer writes (see `MongoPortfolioCopies`): a rebuild's shadow, or the live
   * copy, looked up in the batch's unit of work so that a swap reaches every writer at once.
   */
  readonly copyOf: (unit: UnitOfWork) => Promise<string>;
  /** Statements per MongoDB write command; DEFAULT_WRITE_STATEMENTS_MAX explains the bound. */
  readonly writeStatementsMax?: number;
}

/** The collections of one copy of the read model. */
interface PortfolioCollections {
  readonly portfolios: Collection<PortfolioDocument>;
  readonly owners: AccountOwners;
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
 * So the writer locks each owner in the batch's unit of work (a PostgreSQL advisory lock), which
 * commits only after the MongoDB write: one writer per owner document at a time, everywhere.
 * That lock and the live copy are all it takes from the unit: it knows no SQL.
 */
export class MongoCustomerPortfolioStore implements ReadModelStore {
  private readonly copies = new Map<string, PortfolioCollections>();

  private readonly writeStatementsMax: number;

  constructor(private readonly options: MongoCustomerPortfolioStoreOptions) {
    this.writeStatementsMax = options.writeStatementsMax ?? DEFAULT_WRITE_STATEMENTS_MAX;
  }

  writerFor(unit: UnitOfWork): ReadModelWriter {
    return new CustomerPortfolioWriter(async () => this.collectionsOf(await this.options.copyOf(unit)), unit, this.writeStatementsMax);
  }

  isTransient(error: unknown): boolean {
    return isTransientMongoError(error);
  }

  private collectionsOf(copy: string): PortfolioCollections {
    let collections = this.copies.get(copy);
    if (collections === undefined) {
      const { db } = this.options;
      collections = {
        portfolios: db.collection<PortfolioDocument>(copyNameOf(portfolioCollection, copy)),
        owners: new AccountOwners(db.collection<AccountOwnerDocument>(copyNameOf(ownersCollection, copy)), this.writeStatementsMax),
      };
      this.copies.set(copy, collections);
    }
    return collections;
  }
}

class CustomerPortfolioWriter implements ReadModelWriter {
  private collections: Promise<PortfolioCollections> | undefined;

  constructor(
    private readonly resolve: () => Promise<PortfolioCollections>,
    private readonly unit: UnitOfWork,
    private readonly writeStatementsMax: number,
  ) {}

  /** Resolved once per unit of work, inside its transaction. */
  private copy(): Promise<PortfolioCollections> {
    this.collections ??= this.resolve();
    return this.collections;
  }

  /** Held until the batch's unit of work ends; one order everywhere (the unit sorts), so batches cannot deadlock. */
  private lockOwners(portfolios: Collection<PortfolioDocument>, ownerIds: Iterable<string>): Promise<void> {
    // Scoped by collection: a rebuild writing its shadow copy does not wait for live writers.
    return this.unit.lockKeys(`ledger.${portfolios.collectionName}`, [...ownerIds]);
  }

  async lastRevisions(streamIds: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    const accountIds = streamIds.flatMap((streamId) => accountIdOfStream(streamId) ?? []);
    const { portfolios, owners: accountOwners } = await this.copy();
    const owners = await accountOwners.ownersOf(accountIds);
    if (owners.size === 0) return new Map();
    const projection = Object.fromEntries([...owners.keys()].map((accountId) => [revisionPath(accountId), 1]));
    const documents = await findByIds(portfolios, [...owners.values()], projection);
    const revisions = new Map<string, bigint>();
    for (const document of documents) {
      for (const [accountId, entry] of Object.entries(document.accounts ?? {})) {
        if (owners.get(accountId) === document._id && typeof entry.revision === 'number') {
          revisions.set(accountStreamId(accountId), BigInt(entry.revision));
        }
      }
    }
    return revisions;
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const changes = accountChangesOf(events);
    const { portfolios, owners: accountOwners } = await this.copy();
    await accountOwners.record(changes.flatMap(({ accountId, opened }) => (opened === undefined ? [] : [{ accountId, ownerId: opened.ownerId }])));
    const owners = await accountOwners.ownersOf(changes.map((change) => change.accountId));
    await this.lockOwners(portfolios, owners.values());
    const operations = changes.map((change) => {
      const ownerId = owners.get(change.accountId);
      if (ownerId === undefined) throw new Error(`account ${change.accountId} has no owner on record: its opening was never applied`);
      return portfolioUpdateOf(change, ownerId);
    });
    let written: number;
    try {
      const result = await boundedBulkWrite(portfolios, operations, this.writeStatementsMax);
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
    const { portfolios, owners } = await this.copy();
    const ownerId = (await owners.ownersOf([accountId])).get(accountId);
    if (ownerId === undefined) return;
    await this.lockOwners(portfolios, [ownerId]);
    await portfolios.updateOne(
      { _id: ownerId, [revisionPath(accountId)]: Number(revision - 1n) },
      { $set: { [revisionPath(accountId)]: Number(revision) } },
    );
  }
}
