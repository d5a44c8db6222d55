import { type Pool } from 'pg';
import { type DeadLetter, type DeadLetterStatus } from '../port/dead-letter';
import { deadLetterColumns, toDeadLetter, type DeadLetterRow } from './dead-letter-row';
import { quoteIdentifier } from '@ledger/event-store/postgres';

export interface DeadLetterFilter {
  readonly projection?: string;
  /** Unresolved (`open` and `waiting`) unless told. */
  readonly statuses?: readonly DeadLetterStatus[];
  readonly limit?: number;
  /** Only entries with a larger id: the next page. */
  readonly afterId?: number;
}

/** Reading the `dead_letters` table outside any unit of work: lists and counts for operators. */
export class PostgresDeadLetters {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.schema = quoteIdentifier(schema);
  }

  async find(id: number): Promise<DeadLetter | undefined> {
    const { rows } = await this.pool.query<DeadLetterRow>(`SELECT ${deadLetterColumns} FROM ${this.schema}.dead_letters WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : toDeadLetter(rows[0]);
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT ${deadLetterColumns} FROM ${this.schema}.dead_letters
        WHERE ($1::text IS NULL OR projection = $1) AND status = ANY($2::text[]) AND id > $3
        ORDER BY id LIMIT $4`,
      [filter.projection ?? null, filter.statuses ?? ['open', 'waiting'], filter.afterId ?? 0, filter.limit ?? 100],
    );
    return rows.map(toDeadLetter);
  }

  async counts(projection: string): Promise<{ open: number; waiting: number }> {
    const { rows } = await this.pool.query<{ open: string; waiting: string }>(
      `SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'waiting') AS waiting
         FROM ${this.schema}.dead_letters WHERE projection = $1 AND status IN ('open', 'waiting')`,
      [projection],
    );
    return { open: Number(rows[0]?.open ?? 0), waiting: Number(rows[0]?.waiting ?? 0) };
  }
}
