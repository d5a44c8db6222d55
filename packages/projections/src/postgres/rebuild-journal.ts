import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type SqlTransaction } from '../port/sql-transaction';
import { type RebuildProgressUpdate, type RebuildReason, type RebuildRecord, type RebuildState } from '../rebuild/rebuild-record';

interface RebuildRow {
  id: string;
  projection: string;
  version: number;
  reason: RebuildReason;
  state: RebuildState;
  copy: string;
  position: string | null;
  processed: string;
  total: string;
  events_per_second: number;
  eta_seconds: number | null;
  error: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** A copy a completed rebuild retired, to drop once its grace period is over. */
export interface RetiredCopy {
  readonly rebuildId: string;
  readonly projection: string;
  readonly copy: string;
  /** Until the grace period is over, by the database's clock (instances' clocks may differ). */
  readonly dropInMs: number;
}

const columns = `id, projection, version, reason, state, copy, position::text, processed::text, total::text,
  events_per_second, eta_seconds, error, started_at, updated_at, finished_at`;

function toRecord(row: RebuildRow): RebuildRecord {
  return {
    id: row.id,
    projection: row.projection,
    version: row.version,
    reason: row.reason,
    state: row.state,
    copy: row.copy,
    position: row.position === null ? null : BigInt(row.position),
    processed: Number(row.processed),
    total: Number(row.total),
    eventsPerSecond: row.events_per_second,
    etaSeconds: row.eta_seconds,
    error: row.error,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

interface RetiredRow {
  id: string;
  projection: string;
  retired_copy: string;
  drop_in_ms: string;
  state?: RebuildState;
}

const retiredColumns = `id, projection, retired_copy, greatest(0, round(extract(epoch FROM drop_after - now()) * 1000))::text AS drop_in_ms`;

function toRetired(row: RetiredRow): RetiredCopy {
  return { rebuildId: row.id, projection: row.projection, copy: row.retired_copy, dropInMs: Number(row.drop_in_ms) };
}

/** `projection_rebuilds`: every rebuild, its checkpoint, its progress and the copy it retired. */
export class RebuildJournal {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdentifier(schema)}.projection_rebuilds`;
  }

  /** Records a new running rebuild; rejects (unique violation) while another of the projection is active. */
  async begin(db: SqlTransaction, rebuild: Pick<RebuildRecord, 'id' | 'projection' | 'version' | 'reason' | 'copy' | 'total'>): Promise<RebuildRecord> {
    const { rows } = await db.query<RebuildRow>(
      `INSERT INTO ${this.table} (id, projection, version, reason, state, copy, total) VALUES ($1, $2, $3, $4, 'running', $5, $6) RETURNING ${columns}`,
      [rebuild.id, rebuild.projection, rebuild.version, rebuild.reason, rebuild.copy, rebuild.total],
    );
    return toRecord(this.single(rows, rebuild.id));
  }

  async find(db: SqlTransaction, projection: string, id: string): Promise<RebuildRecord | undefined> {
    const { rows } = await db.query<RebuildRow>(`SELECT ${columns} FROM ${this.table} WHERE projection = $1 AND id::text = $2`, [projection, id]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  /** The running or swapping rebuild of each projection that has one. */
  async active(db: SqlTransaction): Promise<Map<string, RebuildRecord>> {
    const { rows } = await db.query<RebuildRow>(`SELECT ${columns} FROM ${this.table} WHERE state IN ('running', 'swapping')`);
    return new Map(rows.map((row) => [row.projection, toRecord(row)]));
  }

  async progress(db: SqlTransaction, id: string, update: RebuildProgressUpdate): Promise<void> {
    await db.query(
      `UPDATE ${this.table} SET position = $2, processed = $3, total = $4, events_per_second = $5, eta_seconds = $6, updated_at = now() WHERE id = $1`,
      [id, update.position.toString(), update.processed, update.total, update.eventsPerSecond, update.etaSeconds],
    );
  }

  async mark(db: SqlTransaction, id: string, state: 'running' | 'swapping'): Promise<void> {
    await db.query(`UPDATE ${this.table} SET state = $2, updated_at = now() WHERE id = $1`, [id, state]);
  }

  /** The copy is live: records what it retired, to drop once `graceMs` have passed. */
  async completed(tx: SqlTransaction, id: string, update: RebuildProgressUpdate, retired: { readonly copy: string; readonly graceMs: number }): Promise<void> {
    await this.progress(tx, id, update);
    await tx.query(
      `UPDATE ${this.table} SET state = 'completed', eta_seconds = 0, retired_copy = $2, drop_after = now() + $3 * interval '1 millisecond', finished_at = now()
        WHERE id = $1`,
      [id, retired.copy, retired.graceMs],
    );
  }

  /**
   * What a completed swap retired, locking the rebuild's row until the transaction ends:
   * undefined while it is not swapped in (a swap whose commit went unanswered may have been).
   */
  async swapped(tx: SqlTransaction, id: string): Promise<RetiredCopy | undefined> {
    const { rows } = await tx.query<RetiredRow>(
      `SELECT ${retiredColumns}, state FROM ${this.table} WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = rows[0];
    return row === undefined || row.state !== 'completed' ? undefined : toRetired(row);
  }

  /** Ends a rebuild that is still active; one that completed (maybe by a commit that went unanswered) stays completed. */
  async ended(db: SqlTransaction, id: string, state: 'failed' | 'abandoned', error: string): Promise<void> {
    await db.query(
      `UPDATE ${this.table} SET state = $2, error = $3, eta_seconds = NULL, updated_at = now(), finished_at = now()
        WHERE id = $1 AND state IN ('running', 'swapping')`,
      [id, state, error],
    );
  }

  /** Retired copies not dropped yet, the soonest first. */
  async retired(db: SqlTransaction): Promise<RetiredCopy[]> {
    const { rows } = await db.query<RetiredRow>(
      `SELECT ${retiredColumns} FROM ${this.table} WHERE retired_copy IS NOT NULL AND dropped_at IS NULL ORDER BY drop_after`,
    );
    return rows.map(toRetired);
  }

  async dropped(db: SqlTransaction, id: string): Promise<void> {
    await db.query(`UPDATE ${this.table} SET dropped_at = now() WHERE id = $1`, [id]);
  }

  private single(rows: RebuildRow[], id: string): RebuildRow {
    const row = rows[0];
    if (row === undefined) throw new Error(`rebuild ${id} was not recorded`);
    return row;
  }
}
