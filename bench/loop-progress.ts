// What the projections stored as read, per partition (projection_offsets, committed with their
// rows): how the loop scenarios tell that a projection moved, without asking the projector.
import type { Pool } from 'pg';

export interface StoredProgress {
  readonly projection: string;
  readonly partition: number;
  /** The next offset the projection has not applied. */
  readonly next: bigint;
}

export async function storedProgress(pool: Pool, readModelSchema: string, topic: string): Promise<StoredProgress[]> {
  const { rows } = await pool.query<{ projection: string; partition: number; next_offset: string }>(
    `SELECT projection, partition, next_offset FROM "${readModelSchema}".projection_offsets WHERE topic = $1`,
    [topic],
  );
  return rows.map((row) => ({ projection: row.projection, partition: row.partition, next: BigInt(row.next_offset) }));
}
