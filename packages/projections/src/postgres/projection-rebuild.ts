import { categoryOf, type RecordedEvent } from '@ledger/event-store';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { type EventHistory } from '../port/event-history';
import { type ProjectionDefinition } from '../port/projection';
import { type ReadModelStore } from '../port/read-model-store';
import { type SqlTransaction } from '../port/sql-transaction';
import { type UnitOfWork } from '../port/unit-of-work';
import { PostgresUnitOfWork } from './postgres-unit-of-work';
import { RebuildEventError } from '../rebuild/rebuild-errors';
import { RebuildProgress } from '../rebuild/rebuild-progress';
import { type RebuildRecord } from '../rebuild/rebuild-record';
import { abortableDelay } from '../runtime/abortable-delay';
import { ConcurrentWriteError, describeFailure } from '../runtime/failures';
import { type ProjectionLogger } from '../runtime/logger';
import { RetryBackoff } from '../runtime/retry-backoff';
import { applyOneByOne, runSideEffects, unappliedOf } from '../runtime/apply-events';
import { inTransaction } from './in-transaction';
import { isTransientPostgresError } from './postgres-errors';
import { lockProjection } from './projection-lock';
import { type ProjectionVersions } from './projection-versions';
import { type RebuildJournal } from './rebuild-journal';

/** The live projection's consumer on this instance, held while the copy is swapped in. */
export interface SwapHold {
  hold(): void;
  release(): void;
}

export interface ProjectionRebuildOptions {
  readonly pool: Pool;
  readonly schema: string;
  readonly definition: ProjectionDefinition;
  readonly history: EventHistory;
  readonly journal: RebuildJournal;
  readonly versions: ProjectionVersions;
  readonly record: RebuildRecord;
  /** Events read from the store per batch (and per shadow transaction). */
  readonly batchSize: number;
  /** How long the retired copy keeps serving readers that chose it before the swap. */
  readonly graceMs: number;
  readonly hold: SwapHold | undefined;
  readonly logger: ProjectionLogger;
  readonly signal: AbortSignal;
  /** How often the store's remaining events are counted again (the total grows with new commands). */
  readonly recountMs?: number;
  readonly now?: () => number;
}

export type RebuildOutcome =
  | { readonly state: 'completed'; readonly retired: string; readonly dropInMs: number }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'stopped' };

type Completed = Extract<RebuildOutcome, { state: 'completed' }>;

const SWAP_LOCK_TIMEOUT = '5s';

/** Infrastructure failures in a row before a rebuild gives up (about two minutes of backoff). */
const MAX_TRANSIENT_FAILURES = 15;

/** A batch the projection refused for something in its events; which one is found after the rollback. */
class RefusedBatch extends Error {
  override readonly name = 'RefusedBatch';

  constructor(
    override readonly cause: unknown,
    readonly events: readonly RecordedEvent[],
  ) {
    super(describeFailure(cause));
  }
}

/** Ends a diagnosis transaction: whatever it wrote is rolled back. */
class Diagnosed extends Error {
  constructor(readonly finding: Error) {
    super(finding.message);
  }
}

/**
 * One rebuild of one projection (ARCHITECTURE.md, "Replay"): `$all` from the event store, in
 * large batches, into a shadow copy (each batch one transaction with the checkpoint, each row
 * written once per batch by the projection's own set-based writes); once it reaches the head,
 * the swap: under the projection's exclusive lock (no live batch runs, on any instance) the last
 * events are applied, the copy is promoted, the old copy's dead letters are settled and the
 * version recorded, all in one transaction. Live batches then find the new copy and its guard:
 * what they bring again is a duplicate, what the copy lacks is a gap healed from the store.
 */
export class ProjectionRebuild {
  private readonly store: ReadModelStore;
  private readonly relevant: (event: RecordedEvent) => boolean;
  private readonly progress: RebuildProgress;
  /** The last position committed to the copy. */
  private position: bigint | undefined;
  private nextCountMs = 0;
  /** Infrastructure failures of batches in a row, and of the swap. */
  private readonly batchBackoff: RetryBackoff;
  private readonly swapBackoff: RetryBackoff;
  private readonly now: () => number;

  constructor(private readonly options: ProjectionRebuildOptions) {
    const { definition, record } = options;
    this.store = definition.copies.store(record.copy);
    const categories = new Set(definition.categories);
    this.relevant = (event) => categories.has(categoryOf(event.streamId));
    this.position = record.position ?? undefined;
    this.now = options.now ?? Date.now;
    this.progress = new RebuildProgress(record.processed, Math.max(0, record.total - record.processed), this.now());
    this.batchBackoff = this.backoff('rebuild batch failed; retrying');
    this.swapBackoff = this.backoff('rebuild swap failed; retrying');
  }

  private backoff(message: string): RetryBackoff {
    const { signal, logger, definition } = this.options;
    return new RetryBackoff({
      retryable: (error) => this.isTransient(error),
      maxFailures: MAX_TRANSIENT_FAILURES,
      onFailure: (error, failures) => logger.warn({ projection: definition.name, err: error, failures }, message),
      wait: (ms) => abortableDelay(ms, signal),
    });
  }

  async run(): Promise<RebuildOutcome> {
    const { record, logger, definition, journal, pool } = this.options;
    const fields = { projection: definition.name, rebuildId: record.id, version: record.version };
    try {
      if (record.state === 'swapping') await journal.mark(pool, record.id, 'running');
      await this.recount();
      logger.info({ ...fields, from: this.position?.toString() ?? 'start', total: this.progress.update(0n, this.now()).total }, 'rebuild running');
      // The first batch after a restart may repeat writes a crash left behind outside PostgreSQL.
      let resumed = record.position !== null;
      while (!(await this.catchUp(resumed))) resumed = true;
      if (this.options.signal.aborted) return { state: 'stopped' };
      await definition.copies.ready(record.copy);
      const outcome = await this.swap();
      logger.info({ ...fields, processed: this.progress.processedEvents, retired: outcome.retired }, 'rebuild swapped in');
      return outcome;
    } catch (error) {
      if (this.options.signal.aborted) return { state: 'stopped' };
      const message = describeFailure(error);
      await journal.ended(pool, record.id, 'failed', message).catch(() => undefined);
      // Never the live copy: a swap whose commit went unanswered may have made it live.
      await definition.copies.drop(record.copy).catch((dropError: unknown) => logger.warn({ ...fields, err: dropError }, 'the failed rebuild\'s copy was not dropped'));
      logger.error({ ...fields, err: error }, 'rebuild failed; the live read model is untouched');
      return { state: 'failed', error: message };
    }
  }

  /** Applies batches until one comes back short (the head is near); false when an infrastructure failure interrupted it. */
  private async catchUp(resumed: boolean): Promise<boolean> {
    const { batchSize, signal } = this.options;
    let careful = resumed;
    let next = this.readAfter(this.position);
    for (;;) {
      if (signal.aborted) return true;
      try {
        const page = await next;
        const last = page.at(-1);
        if (last === undefined) return true;
        const full = page.length === batchSize;
        // Read ahead while this batch is written: the store and the copy work at the same time.
        if (full) next = this.readAfter(last.position);
        await inTransaction(this.options.pool, async (tx) => {
          await this.applyPage(tx, page, careful);
          await this.options.journal.progress(tx, this.options.record.id, this.progress.update(last.position, this.now(), page.length));
        });
        this.progress.advance(page.length, this.now());
        this.position = last.position;
        careful = false;
        this.batchBackoff.succeeded();
        if (!full) return true;
        if (this.now() >= this.nextCountMs) await this.recount();
      } catch (error) {
        if (error instanceof RefusedBatch) throw await this.culprit(error);
        await this.batchBackoff.absorb(error);
        // Resumes from the last committed batch, skipping what a half-done batch left in the copy.
        return false;
      }
    }
  }

  /** A read of the next batch; its failure is seen when it is awaited, never as an unhandled rejection before. */
  private readAfter(position: bigint | undefined): Promise<RecordedEvent[]> {
    const read = this.options.history.readAll({ fromPosition: position, maxCount: this.options.batchSize });
    read.catch(() => undefined);
    return read;
  }

  private async swap(): Promise<Completed> {
    const { pool, journal, record, hold } = this.options;
    await journal.mark(pool, record.id, 'swapping');
    hold?.hold();
    try {
      for (;;) {
        try {
          const swapped = await inTransaction(pool, (tx) => this.swapIn(tx));
          if ('completed' in swapped) return swapped.completed;
          this.progress.advance(swapped.tail.length, this.now());
          this.progress.remaining(0);
          this.position = swapped.position;
          await runSideEffects(this.options.definition.sideEffects, swapped.missedSideEffects, this.options.logger, this.options.definition.name);
          return swapped.outcome;
        } catch (error) {
          if (error instanceof RefusedBatch) throw await this.culprit(error);
          if (this.options.signal.aborted || !(await this.swapBackoff.absorb(error))) throw error;
        }
      }
    } finally {
      hold?.release();
    }
  }

  private async swapIn(
    tx: SqlTransaction,
  ): Promise<{ readonly completed: Completed } | { readonly outcome: Completed; readonly tail: RecordedEvent[]; readonly position: bigint | undefined; readonly missedSideEffects: RecordedEvent[] }> {
    const { schema, batchSize, definition, record, journal, versions, graceMs } = this.options;
    // Renaming a table waits for its readers, and readers arriving meanwhile queue behind the
    // rename: a long query must not stall the query API. Past this the swap gives up, and is
    // tried again (55P03 is transient).
    await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
    // A retry after a commit that went unanswered: it is done.
    const done = await journal.swapped(tx, record.id);
    if (done !== undefined) return { completed: { state: 'completed', retired: done.copy, dropInMs: done.dropInMs } };
    await lockProjection(tx, schema, definition.name, 'exclusive');
    // The tail: everything committed up to now. Every event a live batch applied is in it (the
    // relay published it only once `readAll` had passed it), so the copy is never behind the
    // read model it replaces and no reader sees a revision go back.
    let position = this.position;
    const tail: RecordedEvent[] = [];
    for (;;) {
      const page = await this.options.history.readAll({ fromPosition: position, maxCount: batchSize });
      const last = page.at(-1);
      if (last === undefined) break;
      await this.applyPage(tx, page, true);
      tail.push(...page);
      position = last.position;
      if (page.length < batchSize) break;
    }
    const missedSideEffects = await this.notAppliedLive(tx, tail);
    const retired = await definition.copies.promote(record.copy, this.unitOf(tx));
    await supersedeDeadLetters(tx, schema, definition.name);
    await versions.built(tx, definition.name, record.version);
    const update = this.progress.update(position ?? 0n, this.now(), tail.length);
    await journal.completed(tx, record.id, { ...update, total: update.processed, etaSeconds: 0 }, { copy: retired, graceMs });
    return { outcome: { state: 'completed', retired, dropInMs: graceMs }, tail, position, missedSideEffects };
  }

  /**
   * The tail's events the live read model had not applied yet: the live consumer will find them
   * duplicates once the copy is in, so their side effects must run here, after the commit.
   */
  private async notAppliedLive(tx: SqlTransaction, tail: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const { definition } = this.options;
    if (definition.sideEffects === undefined) return [];
    return unappliedOf(definition.store.writerFor(this.unitOf(tx)), tail.filter(this.relevant));
  }

  /** Writes the batch's events of the projection's categories into the copy. */
  private async applyPage(tx: SqlTransaction, page: readonly RecordedEvent[], careful: boolean): Promise<void> {
    const writer = this.store.writerFor(this.unitOf(tx));
    let events = page.filter(this.relevant);
    if (careful) events = await unappliedOf(writer, events);
    if (events.length === 0) return;
    try {
      await writer.apply(events);
    } catch (error) {
      if (this.isTransient(error)) throw error;
      // Diagnosed after this transaction rolled back: it holds locks the diagnosis would wait for.
      throw new RefusedBatch(error, events);
    }
  }

  /**
   * Names the event that fails, trying them one at a time in a transaction of its own that is
   * rolled back whatever it finds.
   */
  private async culprit({ cause, events }: RefusedBatch): Promise<Error> {
    const finding = await inTransaction(this.options.pool, async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
      const writer = this.store.writerFor(this.unitOf(tx));
      // Any failure names the event here, the servers' too: the batch already failed as a whole.
      const failed = await applyOneByOne(writer, await unappliedOf(writer, events), () => false);
      throw new Diagnosed(
        failed === undefined
          ? new RebuildEventError(`a batch of ${events.length} events cannot be applied: ${describeFailure(cause)}`)
          : new RebuildEventError(
              `event at position ${failed.event.position} (${failed.event.streamId} revision ${failed.event.streamRevision}, ${failed.event.type}) cannot be applied: ${describeFailure(failed.error)}`,
            ),
      );
    }).catch((error: unknown) => (error instanceof Diagnosed ? error.finding : new RebuildEventError(`a batch cannot be applied: ${describeFailure(cause)}`)));
    return finding;
  }

  /** Counts what is left in the store now and then: the total follows the commands that keep coming. */
  private async recount(): Promise<void> {
    const started = this.now();
    this.progress.remaining(Number(await this.options.history.countAfter(this.position)));
    // A count that reads what is left (EventStoreDB keeps no count) must not cost more than the
    // rebuild: the next one waits at least ten times as long as this one took.
    this.nextCountMs = this.now() + Math.max(this.options.recountMs ?? 2_000, 10 * (this.now() - started));
  }

  private unitOf(tx: SqlTransaction): UnitOfWork {
    return new PostgresUnitOfWork(tx, this.options.versions);
  }

  private isTransient(error: unknown): boolean {
    return error instanceof ConcurrentWriteError || isTransientPostgresError(error) || this.store.isTransient(error);
  }
}

/** The new copy applied every event of the store, those the old one dead-lettered too. */
async function supersedeDeadLetters(tx: SqlTransaction, schema: string, projection: string): Promise<void> {
  await tx.query(
    `UPDATE ${quoteIdentifier(schema)}.dead_letters SET status = 'superseded', resolved_at = now(), updated_at = now()
      WHERE projection = $1 AND status IN ('open', 'waiting')`,
    [projection],
  );
}
