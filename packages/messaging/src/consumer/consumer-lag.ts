import { type PartitionOffsets } from '../kafka/kafka-client';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The offset the group committed, or null when it committed none yet. */
  readonly committed: string | null;
  /** The oldest offset the partition still holds (the low watermark: retention removed what is older). */
  readonly low: string;
  /** The next offset the partition will write (the high watermark). */
  readonly high: string;
  readonly lag: number;
}

/** How far a consumer group is behind: records written but not yet committed, per partition and in total. */
export interface ConsumerLag {
  readonly events: number;
  readonly partitions: readonly PartitionLag[];
}

/**
 * Lag from the broker's point of view (high watermark − committed offset), so it is right for the
 * whole group whichever member asks, and still grows while no member is consuming. A partition
 * the group never committed counts from its low watermark: everything retained is still ahead.
 */
export function consumerGroupLag(offsets: readonly PartitionOffsets[]): ConsumerLag {
  const partitions = offsets.map(({ topic, partition, committed, low, high }): PartitionLag => {
    const from = committed ?? low;
    return { topic, partition, committed: committed === null ? null : committed.toString(), low: low.toString(), high: high.toString(), lag: high > from ? Number(high - from) : 0 };
  });
  return { events: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions };
}
