import type { Admin } from 'kafkajs';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The offset the group committed, or null when it committed none yet. */
  readonly committed: string | null;
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
export async function consumerGroupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<ConsumerLag> {
  const committedByTopic = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const partitions: PartitionLag[] = [];
  for (const topic of topics) {
    const committed = committedByTopic.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      const offset = committed.find((entry) => entry.partition === partition)?.offset;
      const isCommitted = offset !== undefined && BigInt(offset) >= 0n;
      const from = isCommitted ? BigInt(offset) : BigInt(low);
      const lag = BigInt(high) > from ? Number(BigInt(high) - from) : 0;
      partitions.push({ topic, partition, committed: isCommitted ? offset : null, high, lag });
    }
  }
  return { events: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions };
}
