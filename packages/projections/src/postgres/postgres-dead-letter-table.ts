import { type DeadLetter, type DeadLetterDecision, type DeadLetterTable, type NewDeadLetter } from '../port/dead-letter';
import { type SqlTransaction } from '../port/sql-transaction';
import { deadLetterColumns, insertValuesOf, toDeadLetter, type DeadLetterRow } from './dead-letter-row';

const insertColumns = `projection, dedupe_key, event_id, stream_id, revision, position, type, error, attempts,
  source_topic, source_partition, source_offset, record_key, record_value, record_headers, status, blocked_by`;
const insertValues = '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17';

/** `DeadLetterTable` on the `dead_letters` table, inside the unit's transaction. */
export class PostgresDeadLetterTable implements DeadLetterTable {
  constructor(
    private readonly tx: SqlTransaction,
    /** Quoted schema name. */
    private readonly schema: string,
    private readonly projection: string,
  ) {}

  async heldStreams(streamIds: readonly string[]): Promise<Map<string, number>> {
    if (streamIds.length === 0) return new Map();
    const { rows } = await this.tx.query<{ stream_id: string; blocker: string }>(
      `SELECT stream_id, coalesce(min(id) FILTER (WHERE status = 'open'), min(id)) AS blocker
         FROM ${this.schema}.dead_letters
        WHERE projection = $1 AND stream_id = ANY($2::text[]) AND status IN ('open', 'waiting')
        GROUP BY stream_id`,
      [this.projection, streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.blocker)]));
  }

  async open(letter: NewDeadLetter): Promise<number> {
    const { rows } = await this.tx.query<{ id: string }>(
      `INSERT INTO ${this.schema}.dead_letters (${insertColumns}) VALUES (${insertValues})
       ON CONFLICT (projection, dedupe_key) DO UPDATE
         SET status = 'open', error = EXCLUDED.error, attempts = EXCLUDED.attempts, blocked_by = NULL,
             updated_at = now(), resolved_at = NULL, resolved_by = NULL, resolution_reason = NULL
       RETURNING id`,
      [this.projection, ...insertValuesOf(letter), 'open', null],
    );
    return Number(rows[0]?.id);
  }

  /** Parking an event that already has an entry (a redelivery) keeps that entry as it is. */
  async park(letter: NewDeadLetter, blockedBy: number): Promise<number> {
    const { rows } = await this.tx.query<{ id: string }>(
      `INSERT INTO ${this.schema}.dead_letters (${insertColumns}) VALUES (${insertValues})
       ON CONFLICT (projection, dedupe_key) DO UPDATE SET updated_at = now()
       RETURNING id`,
      [this.projection, ...insertValuesOf(letter), 'waiting', blockedBy],
    );
    return Number(rows[0]?.id);
  }

  async lock(id: number): Promise<DeadLetter | undefined> {
    const { rows } = await this.tx.query<DeadLetterRow>(
      `SELECT ${deadLetterColumns} FROM ${this.schema}.dead_letters WHERE id = $1 AND projection = $2 FOR UPDATE`,
      [id, this.projection],
    );
    return rows[0] === undefined ? undefined : toDeadLetter(rows[0]);
  }

  async resolve(id: number, status: 'retried' | 'released' | 'skipped', decision?: DeadLetterDecision): Promise<void> {
    await this.tx.query(
      `UPDATE ${this.schema}.dead_letters
          SET status = $2, updated_at = now(), resolved_at = now(), resolved_by = $3, resolution_reason = $4
        WHERE id = $1`,
      [id, status, decision?.by ?? null, decision?.reason ?? null],
    );
  }

  async reopen(id: number, error: string, attempts: number): Promise<void> {
    await this.tx.query(
      `UPDATE ${this.schema}.dead_letters
          SET status = 'open', error = $2, attempts = $3, blocked_by = NULL, updated_at = now(),
              resolved_at = NULL, resolved_by = NULL, resolution_reason = NULL
        WHERE id = $1`,
      [id, error, attempts],
    );
  }

  async waitingBehind(streamId: string): Promise<DeadLetter[]> {
    const { rows } = await this.tx.query<DeadLetterRow>(
      `SELECT ${deadLetterColumns} FROM ${this.schema}.dead_letters
        WHERE projection = $1 AND stream_id = $2 AND status = 'waiting'
        ORDER BY id FOR UPDATE`,
      [this.projection, streamId],
    );
    return rows.map(toDeadLetter);
  }

  async reblock(ids: readonly number[], blockedBy: number): Promise<void> {
    if (ids.length === 0) return;
    await this.tx.query(
      `UPDATE ${this.schema}.dead_letters SET blocked_by = $2, updated_at = now() WHERE id = ANY($1::bigint[])`,
      [ids, blockedBy],
    );
  }
}
