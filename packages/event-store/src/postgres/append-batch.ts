import { setTimeout as delay } from 'node:timers/promises';
import { type Pool } from 'pg';
import { type AppendOptions, type AppendResult, type NewEvent } from '../port/event-store';
import { appendPreparedWith, prepareAppend, translateError, type PreparedAppend } from './append';
import { quoteIdentifier } from './sql-identifier';

/** When a flush counts as stalled, and how many flushes may be in flight while some are. */
export interface FlushStalls {
  /** Far above a healthy commit (milliseconds), far below the session limits that end a stuck one. */
  readonly afterMs: number;
  /** Each in-flight flush holds a pooled connection; beyond this many, wait for one to end. */
  readonly maxInFlight: number;
}

export const defaultFlushStalls: FlushStalls = { afterMs: 500, maxInFlight: 4 };

interface PendingAppend {
  readonly prepared: PreparedAppend;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface BatchRow {
  next_expected_revision: string | null;
  last_position: string | null;
  error_code: string | null;
  error_message: string | null;
  error_detail: string | null;
  error_constraint: string | null;
}

/** An error of one append of a batch, shaped as pg reports it, so it translates the same way. */
class AppendFailed extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly detail: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Group commit. Every append holds the store-wide lock from drawing its positions until its
 * commit is flushed (0001_events.sql: that is what keeps readAll gap-free), so appends to
 * different streams commit one after another, each paying a WAL flush while the rest wait.
 * Here the appends that arrive while one commit is in flight wait in this process instead,
 * and go together in the next transaction (0005_append_batch.sql): one lock, one NOTIFY and
 * one flush for all of them, each still checked against its own expected revision and
 * failing alone. A lone append is sent as it comes, so one writer waits for nothing. One flush is
 * in flight at a time, unless it stalls (`untilFinishedOrStalled`).
 * An append is checked and serialised before it joins a batch (prepareAppend): the statement
 * carries every append of the batch, so a value the database would refuse in it (a lone
 * surrogate in an event) must never get that far, or it would fail all of them.
 */
export class AppendBatcher {
  private readonly waiting: PendingAppend[] = [];
  private flushing = false;
  private readonly batchSql: string;

  /** Flushes sent and not yet answered: normally one; more only while some are stalled. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    /** At most this many appends per transaction, so one statement stays a bounded size. */
    private readonly maxAppends = 100,
    private readonly stalls: FlushStalls = defaultFlushStalls,
  ) {
    this.batchSql = `SELECT next_expected_revision, last_position, error_code, error_message, error_detail, error_constraint FROM ${quoteIdentifier(schema)}.append_to_streams($1::jsonb)`;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      // A throw here rejects this append only.
      this.waiting.push({ prepared: prepareAppend(streamId, events, options), resolve, reject });
      if (!this.flushing) void this.flushAll();
    });
  }

  private async flushAll(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const flush = this.flush(this.waiting.splice(0, this.maxAppends)).finally(() => this.inFlight.delete(flush));
        this.inFlight.add(flush);
        await this.untilFinishedOrStalled(flush);
        while (this.inFlight.size >= this.stalls.maxInFlight) await Promise.race(this.inFlight);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * A flush that takes far longer than a commit is stuck (its stream row is locked by another
   * session, the statement runs away) until the session limits end it (lock_timeout,
   * statement_timeout). The appends behind it, on other streams, need none of what it waits
   * for (rows are locked before the store-wide lock), so they go in a transaction of their own
   * instead of failing or waiting with it.
   */
  private async untilFinishedOrStalled(flush: Promise<void>): Promise<void> {
    const stalled = new AbortController();
    try {
      await Promise.race([flush, delay(this.stalls.afterMs, undefined, { signal: stalled.signal }).catch(() => undefined)]);
    } finally {
      stalled.abort();
    }
  }

  private async flush(batch: readonly PendingAppend[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only !== undefined) {
      await appendPreparedWith(this.pool, this.schema, only.prepared).then(
        (result) => only.resolve(result),
        (error: unknown) => only.reject(error),
      );
      return;
    }
    let rows: BatchRow[];
    try {
      rows = (await this.pool.query<BatchRow>(this.batchSql, [batchJsonOf(batch)])).rows;
      if (rows.length !== batch.length) throw new Error(`append_to_streams answered ${rows.length} rows for ${batch.length} appends`);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    batch.forEach((append, index) => {
      const row = rows[index];
      if (row === undefined || row.error_code !== null || row.next_expected_revision === null || row.last_position === null) {
        const failure = new AppendFailed(row?.error_message ?? 'no outcome', row?.error_code ?? 'XX000', row?.error_detail ?? undefined, row?.error_constraint ?? undefined);
        append.reject(translateError(failure, append.prepared.streamId, append.prepared.expectedRevision));
        return;
      }
      append.resolve({ nextExpectedRevision: BigInt(row.next_expected_revision), position: BigInt(row.last_position) });
    });
  }
}

/** The batch as append_to_streams reads it, from JSON already checked per append. */
function batchJsonOf(batch: readonly PendingAppend[]): string {
  const appends = batch.map(({ prepared: { streamId, expected, eventsJson } }) => `{"streamId":${JSON.stringify(streamId)},"expected":${JSON.stringify(expected)},"events":${eventsJson}}`);
  return `[${appends.join(',')}]`;
}
