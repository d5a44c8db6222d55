/** Records of one partition, in the order they came; one entry per partition, in order of first appearance. */
export function inPartitionBatches<T extends { readonly topic: string; readonly partition: number }>(records: readonly T[]): T[][] {
  const byPartition = new Map<string, T[]>();
  for (const record of records) {
    const key = `${record.topic}\u0000${record.partition}`;
    const batch = byPartition.get(key);
    if (batch === undefined) byPartition.set(key, [record]);
    else batch.push(record);
  }
  return [...byPartition.values()];
}

/** Runs `work` on every item, at most `concurrency` at a time; resolves when all have settled, rejects with the first failure. */
export async function runWithConcurrency<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
