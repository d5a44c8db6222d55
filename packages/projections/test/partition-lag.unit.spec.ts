import { type ConsumerLag } from '@ledger/messaging';
import { partitionLags } from '../src/runtime/partition-lag';
import { ProjectionStatus } from '../src/runtime/projection-status';
import { type AttemptOutcome } from '../src/runtime/batch-attempt';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1_000);
const outcome = (...recordedAt: Date[]): AttemptOutcome =>
  ({ applied: recordedAt.map((when, index) => ({ eventId: `event-${index}`, recordedAt: when })), duplicates: 0, healed: 0, parked: 0, deadLettered: [] }) as unknown as AttemptOutcome;
const lagOn = (...partitions: [topic: string, partition: number, events: number][]): ConsumerLag => ({
  events: partitions.reduce((sum, [, , events]) => sum + events, 0),
  partitions: partitions.map(([topic, partition, lag]) => ({ topic, partition, committed: null, low: '0', high: String(lag), lag })),
});

describe('lag per partition', () => {
  it('given batches applied from two partitions, when asked later, each behind partition is as old as the newest event applied from it', () => {
    const status = new ProjectionStatus();
    status.recordBatch(outcome(at(10), at(12)), { topic: 'ledger.account', partition: 0 });
    status.recordBatch(outcome(at(11)), { topic: 'ledger.account', partition: 1 });
    status.recordBatch(outcome(at(5)), { topic: 'ledger.account', partition: 0 });

    const report = partitionLags(lagOn(['ledger.account', 0, 3], ['ledger.account', 1, 1], ['ledger.account', 2, 0]), status.snapshot().lastAppliedByPartition, at(20));

    expect(report).toEqual([
      { topic: 'ledger.account', partition: 0, events: 3, seconds: 8 },
      { topic: 'ledger.account', partition: 1, events: 1, seconds: 9 },
      { topic: 'ledger.account', partition: 2, events: 0, seconds: 0 },
    ]);
  });

  it('given a partition behind that this process never applied from (another instance owns it), its age is unknown, not zero', () => {
    const report = partitionLags(lagOn(['ledger.transfer', 4, 7]), new ProjectionStatus().snapshot().lastAppliedByPartition, at(20));

    expect(report).toEqual([{ topic: 'ledger.transfer', partition: 4, events: 7, seconds: null }]);
  });

  it('given a rebalance that moved a partition to another instance, its age is no longer reported from here', () => {
    const status = new ProjectionStatus();
    status.recordBatch(outcome(at(1)), { topic: 'ledger.account', partition: 0 });
    status.recordBatch(outcome(at(2)), { topic: 'ledger.account', partition: 1 });

    status.holding([{ topic: 'ledger.account', partition: 1 }]);
    const report = partitionLags(lagOn(['ledger.account', 0, 5], ['ledger.account', 1, 5]), status.snapshot().lastAppliedByPartition, at(10));

    expect(report.map((partition) => partition.seconds)).toEqual([null, 8]);
  });

  it('keeps partitions of different topics with one number apart', () => {
    const status = new ProjectionStatus();
    status.recordBatch(outcome(at(1)), { topic: 'ledger.account', partition: 3 });

    const report = partitionLags(lagOn(['ledger.account', 3, 2], ['ledger.transfer', 3, 2]), status.snapshot().lastAppliedByPartition, at(4));

    expect(report.map((partition) => partition.seconds)).toEqual([3, null]);
  });
});
