/**
 * How far one projection has read its topics, kept in its own store inside its unit of work, so
 * the offsets move only together with the read model they describe.
 */
export interface ReadProgress {
  /** Records that every record of `partition` before `nextOffset` is applied (never moves back). */
  advance(topic: string, partition: number, nextOffset: bigint): Promise<void>;
}

/** One partition's next offset per projection that read any of it; absent: it read nothing there yet. */
export type PartitionProgress = ReadonlyMap<string, bigint>;

/** Progress read outside a unit of work: where a partition starts, how far behind a projection is. */
export interface ProgressSource {
  /** For each of `projections`, its next offset on `topic`/`partition`. */
  ofPartition(topic: string, partition: number, projections: readonly string[]): Promise<PartitionProgress>;
  /** Every partition `projection` read of `topics`, as `topic` → partition → next offset. */
  ofProjection(projection: string, topics: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<number, bigint>>>;
}
