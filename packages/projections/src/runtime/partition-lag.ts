import { type ConsumerLag } from '@ledger/messaging';
import { partitionKey } from './projection-status';

export interface PartitionLagReport {
  readonly topic: string;
  readonly partition: number;
  readonly events: number;
  /** 0 when caught up; null when behind on a partition this process has not applied from (another instance does). */
  readonly seconds: number | null;
}

/** A projection's lag per partition: the broker's count, and the age of the newest event this process applied from it. */
export function partitionLags(lag: ConsumerLag, lastAppliedByPartition: ReadonlyMap<string, Date>, now: Date): PartitionLagReport[] {
  return lag.partitions.map(({ topic, partition, lag: events }) => {
    const applied = lastAppliedByPartition.get(partitionKey(topic, partition));
    const seconds = events === 0 ? 0 : applied === undefined ? null : Math.max(0, (now.getTime() - applied.getTime()) / 1_000);
    return { topic, partition, events, seconds };
  });
}
