import { categoryOf, type RecordedEvent } from '@ledger/event-store';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';
import { type EventHistory } from '../port/event-history';
import { type ProjectionDefinition } from '../port/projection';
import { type ReadModelStore, type ReadModelWriter } from '../port/read-model-store';
import { type SqlTransaction } from '../port/sql-transaction';
import { RebuildEventError } from '../rebuild/rebuild-errors';
import { RebuildProgress } from '../rebuild/rebuild-progress';
import { type RebuildRecord } from '../rebuild/rebuild-record';
import { abortableDelay } from '../runtime/abortable-delay';
import { ConcurrentWriteError, describeFailure } from '../runtime/failures';
import { type ProjectionLogger } from '../runtime/logger';
import { backoffDelayMs, transientRetryPolicy } from '../runtime/retry-policy';
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

export type RebuildOutcome = { readonly state: 'completed'; readonly retired: string; readonly dropAfter: Date } | { readonly state: 'failed'; readonly error: string } | { readonly state: 'stopped' };

const SWAP_LOCK_TIMEOUT = '5s';

/** Infrastructure failures in a row before a rebuild gives up (about two minutes of backoff). */
const MAX_TRANSIENT_FAILURES = 15;

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
  private position: bigint | undefined;
  private lastCountMs = 0;
  private failures = 0;
  private readonly now: () => number;

  constructor(private readonly options: ProjectionRebuildOptions) {
    const { definition, record } = options;
    this.store = definition.copies.store(record.copy);
    const categories = new Set(definition.categories);
    this.relevant = (event) => categories.has(categoryOf(event.streamId));
    this.position = record.position ?? undefined;
    this.now = options.now ?? Date.now;
    this.progress = new RebuildProgress(record.processed, Math.max(0, record.total - record.processed), this.now());
  }

  async run(): Promise<RebuildOutcome> {
    const { record, logger, definition } = this.options;
    const fields = { projection: definition.name, rebuildId: record.id, version: record.version };
    try {
      if (record.state === 'swapping') await this.options.journal.mark(this.options.pool, record.id, 'running');
      await this.recount();
      logger.info({ ...fields, from: this.position?.toString() ?? 'start', total: this.progress.update(0n, this.now()).total }, 'rebuild running');
      // The first batch after a restart may repeat writes a crash left behind outside PostgreSQL.
      let resumed = record.position !== null;
      while (!(await this.catchUp(resumed))) resumed = true;
      if (this.options.signal.aborted) return { state: 'stopped' };
      const outcome = await this.swap();
      logger.info({ ...fields, processed: this.progress.processedEvents, retired: outcome.retired }, 'rebuild swapped in');
      return outcome;
    } catch (error) {
      if (this.options.signal.aborted) return { state: 'stopped' };
      const message = describeFailure(error);
      await this.options.journal.ended(this.options.pool, record.id, 'failed', message).catch(() => undefined);
      await definition.copies.drop(record.copy).catch((dropError: unknown) => logger.warn({ ...fields, err: dropError }, 'could not drop the failed rebuild\'s copy'));
      logger.error({ ...fields, err: error }, 'rebuild failed; the live read model is untouched');
      return { state: 'failed', error: message };
    }
  }

  /** Applies batches until one comes back short (the head is near); false when an infrastructure failure interrupted it. */
  private async catchUp(resumed: boolean): Promise<boolean> {
    const { history, batchSize, signal } = this.options;
    let careful = resumed;
    let next = history.readAll({ fromPosition: this.position, maxCount: batchSize });
    for (;;) {
      if (signal.aborted) return true;
      try {
        const page = await next;
        const last = page.at(-1);
        if (last === undefined) return true;
        const full = page.length === batchSize;
        // Read ahead while this batch is written: the store and the copy work at the same time.
        if (full) next = history.readAll({ fromPosition: last.position, maxCount: batchSize });
        await inTransaction(this.options.pool, async (tx) => {
          await this.applyPage(tx, page, careful);
          await this.options.journal.progress(tx, this.options.record.id, this.advance(page, last.position));
        });
        this.position = last.position;
        careful = false;
        this.failures = 0;
        if (!full) return true;
        if (this.now() - this.lastCountMs >= (this.options.recountMs ?? 2_000)) await this.recount();
      } catch (error) {
        // The read ahead may have failed too, or run from a position this batch did not reach.
        next.catch(() => undefined);
        if (!this.isTransient(error)) throw error;
        this.failures += 1;
        if (this.failures > MAX_TRANSIENT_FAILURES) throw error;
        this.options.logger.warn({ projection: this.options.definition.name, err: error, failures: this.failures }, 'rebuild batch failed; retrying');
        await abortableDelay(backoffDelayMs(transientRetryPolicy, this.failures), signal);
        // Resumes from the last committed batch, skipping what a half-done batch left in the copy.
        return false;
      }
    }
  }

  private async swap(): Promise<Extract<RebuildOutcome, { state: 'completed' }>> {
    const { pool, journal, record, definition, hold } = this.options;
    await journal.mark(pool, record.id, 'swapping');
    hold?.hold();
    try {
      for (let failures = 1; ; failures += 1) {
        try {
          return await inTransaction(pool, (tx) => this.swapIn(tx));
        } catch (error) {
          if (!this.isTransient(error) || failures >= MAX_TRANSIENT_FAILURES || this.options.signal.aborted) throw error;
          this.options.logger.warn({ projection: definition.name, err: error, failures }, 'rebuild swap failed; retrying');
          await abortableDelay(backoffDelayMs(transientRetryPolicy, failures), this.options.signal);
        }
      }
    } finally {
      hold?.release();
    }
  }

  private async swapIn(tx: SqlTransaction): Promise<Extract<RebuildOutcome, { state: 'completed' }>> {
    const { schema, history, batchSize, definition, record, journal, versions, graceMs } = this.options;
    // Renaming a table waits for its readers, and readers arriving meanwhile queue behind the
    // rename: a long query must not stall the query API. Past this the swap gives up, and is
    // tried again (55P03 is transient).
    await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
    await lockProjection(tx, schema, definition.name, 'exclusive');
    // The tail: everything committed up to now. Every event a live batch applied is in it (the
    // relay published it only once `readAll` had passed it), so the copy is never behind the
    // read model it replaces and no reader sees a revision go back.
    let position = this.position;
    let processed = 0;
    for (;;) {
      const page = await history.readAll({ fromPosition: position, maxCount: batchSize });
      const last = page.at(-1);
      if (last === undefined) break;
      await this.applyPage(tx, page, true);
      processed += page.length;
      position = last.position;
      if (page.length < batchSize) break;
    }
    const retired = await definition.copies.promote(record.copy, tx);
    await supersedeDeadLetters(tx, schema, definition.name);
    await versions.built(tx, definition.name, record.version);
    const dropAfter = new Date(this.now() + graceMs);
    this.progress.advance(processed, this.now());
    this.progress.remaining(0);
    await journal.completed(tx, record.id, this.progress.update(position ?? 0n, this.now()), { copy: retired, dropAfter });
    this.position = position;
    return { state: 'completed', retired, dropAfter };
  }

  /** Writes the batch's events of the projection's categories into the copy. */
  private async applyPage(tx: SqlTransaction, page: readonly RecordedEvent[], careful: boolean): Promise<void> {
    const writer = this.store.writerFor(tx);
    let events = page.filter(this.relevant);
    if (careful) events = await withoutApplied(writer, events);
    if (events.length === 0) return;
    try {
      await writer.apply(events);
    } catch (error) {
      if (this.isTransient(error)) throw error;
      throw await this.culprit(error, events);
    }
  }

  /** Names the event that fails, trying them one at a time (the transaction is rolled back anyway). */
  private async culprit(batchError: unknown, events: readonly RecordedEvent[]): Promise<Error> {
    return inTransaction(this.options.pool, async (tx) => {
      const writer = this.store.writerFor(tx);
      for (const event of await withoutApplied(writer, events)) {
        try {
          await writer.applyOne(event);
        } catch (error) {
          return new RebuildEventError(
            `event at position ${event.position} (${event.streamId} revision ${event.streamRevision}, ${event.type}) cannot be applied: ${describeFailure(error)}`,
          );
        }
      }
      return new RebuildEventError(`a batch of ${events.length} events cannot be applied: ${describeFailure(batchError)}`);
    }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  }

  private advance(page: readonly RecordedEvent[], position: bigint) {
    const now = this.now();
    this.progress.advance(page.length, now);
    return this.progress.update(position, now);
  }

  /** Counts what is left in the store now and then: the total follows the commands that keep coming. */
  private async recount(): Promise<void> {
    this.lastCountMs = this.now();
    this.progress.remaining(Number(await this.options.history.countAfter(this.position)));
  }

  private isTransient(error: unknown): boolean {
    return error instanceof ConcurrentWriteError || isTransientPostgresError(error) || this.store.isTransient(error);
  }
}

/** Drops the events the copy already has (the guard is at or past them). */
async function withoutApplied(writer: ReadModelWriter, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const applied = await writer.lastRevisions([...new Set(events.map((event) => event.streamId))]);
  return events.filter((event) => event.streamRevision > (applied.get(event.streamId) ?? -1n));
}

/** The new copy applied every event of the store, those the old one dead-lettered too. */
async function supersedeDeadLetters(tx: SqlTransaction, schema: string, projection: string): Promise<void> {
  await tx.query(
    `UPDATE ${quoteIdentifier(schema)}.dead_letters SET status = 'superseded', resolved_at = now(), updated_at = now()
      WHERE projection = $1 AND status IN ('open', 'waiting')`,
    [projection],
  );
}
