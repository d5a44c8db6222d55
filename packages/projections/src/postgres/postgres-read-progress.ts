import { escapeLiteral, type Pool } from 'pg';
import { type PartitionProgress, type ProgressSource, type ReadProgress } from '../port/read-progress';

/**
 * `ReadProgress` of one projection inside its PostgreSQL transaction (`projection_offsets`). The
 * offsets are written with the commit, in its round trip (`statement`, see `TransactionEnds`):
 * they are the last thing a batch records, and nothing in the unit reads them back.
 */
export class PostgresReadProgress implements ReadProgress {
  private readonly pending = new Map<string, { readonly topic: string; readonly partition: number; nextOffset: bigint }>();

  constructor(
    /** Quoted. */
    private readonly schema: string,
    private readonly projection: string,
  ) {}

  advance(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    const key = `${partition}/${topic}`;
    const known = this.pending.get(key);
    if (known === undefined) this.pending.set(key, { topic, partition, nextOffset });
    else if (nextOffset > known.nextOffset) known.nextOffset = nextOffset;
    return Promise.resolve();
  }

  /** The upsert of what `advance` recorded, as literal SQL; undefined when nothing was. */
  statement(): string | undefined {
    if (this.pending.size === 0) return undefined;
    const rows = [...this.pending.values()].map(
      ({ topic, partition, nextOffset }) => `(${escapeLiteral(this.projection)}, ${escapeLiteral(topic)}, ${Math.trunc(partition)}, ${nextOffset.toString()})`,
    );
    // GREATEST: a stale member finishing a batch late never sets the offset back.
    return `INSERT INTO ${this.schema}.projection_offsets AS o (projection, topic, partition, next_offset)
       VALUES ${rows.join(', ')}
       ON CONFLICT (projection, topic, partition)
       DO UPDATE SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()`;
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
