import { type Pool } from 'pg';
import { type PartitionProgress, type ProgressSource, type ReadProgress } from '../port/read-progress';
import { type SqlTransaction } from '../port/sql-transaction';

/** `ReadProgress` of one projection inside its PostgreSQL transaction (`projection_offsets`). */
export class PostgresReadProgress implements ReadProgress {
  constructor(
    private readonly tx: SqlTransaction,
    /** Quoted. */
    private readonly schema: string,
    private readonly projection: string,
  ) {}

  async advance(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    // GREATEST: a stale member finishing a batch late never sets the offset back.
    await this.tx.query(
      `INSERT INTO ${this.schema}.projection_offsets AS o (projection, topic, partition, next_offset)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (projection, topic, partition)
       DO UPDATE SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()`,
      [this.projection, topic, partition, nextOffset.toString()],
    );
  }
}

/** `ProgressSource` over `projection_offsets`. */
export class PostgresProgressSource implements ProgressSource {
  constructor(
    private readonly pool: Pool,
    /** Quoted. */
    private readonly schema: string,
  ) {}

  async ofPartition(topic: string, partition: number, projections: readonly string[]): Promise<PartitionProgress> {
    const { rows } = await this.pool.query<{ projection: string; next_offset: string }>(
      `SELECT projection, next_offset FROM ${this.schema}.projection_offsets
        WHERE topic = $1 AND partition = $2 AND projection = ANY($3::text[])`,
      [topic, partition, projections],
    );
    return new Map(rows.map((row) => [row.projection, BigInt(row.next_offset)]));
  }

  async ofProjection(projection: string, topics: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<number, bigint>>> {
    const { rows } = await this.pool.query<{ topic: string; partition: number; next_offset: string }>(
      `SELECT topic, partition, next_offset FROM ${this.schema}.projection_offsets WHERE projection = $1 AND topic = ANY($2::text[])`,
      [projection, topics],
    );
    const byTopic = new Map<string, Map<number, bigint>>();
    for (const row of rows) {
      const partitions = byTopic.get(row.topic) ?? new Map<number, bigint>();
      partitions.set(row.partition, BigInt(row.next_offset));
      byTopic.set(row.topic, partitions);
    }
    return byTopic;
  }
}
