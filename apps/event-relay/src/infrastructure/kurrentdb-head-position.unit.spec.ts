import { accountStreamId } from '@ledger/domain';
import { type AllStreamResolvedEvent, type KurrentDbEventStore, type StreamsClient } from '@ledger/event-store/kurrentdb';
import { kurrentDbHeadPosition } from './kurrentdb-head-position';

interface Entry {
  readonly streamId: string;
  readonly type: string;
}

/**
 * `$all` as KurrentDB serves it backwards: from the end, or from before a position, at most
 * `maxCount` records. Each entry's position is its index times 100, as commit positions are sparse.
 */
function storeWith(entries: readonly Entry[]): { store: KurrentDbEventStore; reads: () => number } {
  let reads = 0;
  const records: AllStreamResolvedEvent[] = entries.map((entry, index) => {
    const position = { commit: BigInt(index * 100), prepare: BigInt(index * 100) };
    return { event: { ...entry, id: `${index}`, revision: 0n, isJson: true, data: {}, metadata: {}, created: new Date(0), position }, commitPosition: position.commit } as unknown as AllStreamResolvedEvent;
  });
  const readAll = ({ fromPosition, maxCount }: Parameters<StreamsClient['readAll']>[0]) => {
    reads += 1;
    const before = fromPosition === 'end' || fromPosition === undefined ? records : records.filter((record) => (record.event?.position?.commit ?? 0n) < (fromPosition === 'start' ? 0n : fromPosition.commit));
    return [...before].reverse().slice(0, Number(maxCount));
  };
  return { store: { client: { readAll } } as unknown as KurrentDbEventStore, reads: () => reads };
}

const ours = (n: number): Entry => ({ streamId: accountStreamId(String(n)), type: 'MoneyDeposited' });
const stats: Entry = { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' };
const idempotencyRecord: Entry = { streamId: '$idempotency-ab12', type: 'IdempotencyKeyRecorded' };

describe('the head of $all on KurrentDB', () => {
  it('is the position of the newest event the relay publishes, past KurrentDB\'s own records', async () => {
    const { store } = storeWith([stats, ours(1), ours(2), idempotencyRecord, ...Array.from({ length: 250 }, () => stats)]);

    await expect(kurrentDbHeadPosition(store)()).resolves.toBe(200n);
  });

  it('is 0 for a store without events of ours, or an empty one', async () => {
    await expect(kurrentDbHeadPosition(storeWith([stats, idempotencyRecord]).store)()).resolves.toBe(0n);
    await expect(kurrentDbHeadPosition(storeWith([]).store)()).resolves.toBe(0n);
  });

  it('settles for the newest record, an upper bound, when thousands of KurrentDB\'s own records follow the last of ours', async () => {
    const { store, reads } = storeWith([ours(1), ...Array.from({ length: 5_000 }, () => stats)]);

    await expect(kurrentDbHeadPosition(store)()).resolves.toBe(500_000n);
    expect(reads()).toBe(20);
  });
});
