export interface PartitionRecord {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Records queued per partition and handed to `handle` as batches: one batch per partition at a
 * time (so each partition stays in order), at most `concurrency` partitions at once, taking turns
 * when more have records, and no partition waits for another's batch to end. A batch is what its
 * partition queued meanwhile, up to `maxBatch`, so batches grow when the handler is the
 * bottleneck. `hold` stops new batches (the running ones finish); `requeue` puts a batch back at
 * the front of its partition. A handler that throws is reported to `failed` and its partition's
 * queue is dropped (the consumer starts again from its commits).
 */
export class PartitionWork<T extends PartitionRecord> {
  private readonly queues = new Map<string, T[]>();
  private readonly ready: string[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private held = false;
  private queued = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxBatch: number,
    private readonly handle: (batch: readonly T[]) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Records waiting, not counting the batches being handled. */
  get size(): number {
    return this.queued;
  }

  add(record: T): void {
    this.enqueue(keyOf(record), [record], 'back');
  }

  requeue(batch: readonly T[]): void {
    const first = batch[0];
    if (first !== undefined) this.enqueue(keyOf(first), batch, 'front');
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.startBatches();
  }

  /** Drops what waits (the partitions were revoked, or the consumer starts again from its commits). */
  clear(): void {
    this.queues.clear();
    this.ready.length = 0;
    this.queued = 0;
  }

  private drop(key: string): void {
    this.queued -= this.queues.get(key)?.length ?? 0;
    this.queues.delete(key);
  }

  /** Resolves once no batch is being handled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private enqueue(key: string, records: readonly T[], where: 'front' | 'back'): void {
    const queue = this.queues.get(key);
    if (queue === undefined) this.queues.set(key, [...records]);
    else if (where === 'back') queue.push(...records);
    else queue.unshift(...records);
    this.queued += records.length;
    if (!this.running.has(key) && !this.ready.includes(key)) this.ready.push(key);
    this.startBatches();
  }

  private startBatches(): void {
    while (!this.held && this.running.size < this.concurrency) {
      const key = this.ready.shift();
      if (key === undefined) return;
      const work = this.work(key).finally(() => {
        this.running.delete(key);
        if ((this.queues.get(key)?.length ?? 0) > 0 && !this.ready.includes(key)) this.ready.push(key);
        this.startBatches();
      });
      this.running.set(key, work);
    }
  }

  private async work(key: string): Promise<void> {
    // A fetch response arrives one record at a time; waiting one turn of the event loop lets
    // the rest of it in, so the first batch is what the fetch brought, not its first record.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.held) {
      const batch = this.queues.get(key)?.splice(0, this.maxBatch) ?? [];
      if (batch.length === 0) return;
      this.queued -= batch.length;
      try {
        await this.handle(batch);
      } catch (error) {
        this.drop(key);
        this.failed(error);
        return;
      }
      // Other partitions are waiting for a slot: take turns (this one goes to the back).
      if (this.ready.length > 0) return;
    }
  }
}

function keyOf(record: PartitionRecord): string {
  return `${record.topic}\u0000${record.partition}`;
}
