import { PartitionWork } from '../src/kafka/platformatic/partition-work';

interface Rec {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

const rec = (partition: number, offset: number): Rec => ({ topic: 't', partition, offset });
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A handler whose batches stay open until the test ends them. */
function gatedHandler() {
  const batches: Rec[][] = [];
  const gates: (() => void)[] = [];
  const handle = (batch: readonly Rec[]) => {
    batches.push([...batch]);
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const openAll = () => gates.splice(0).forEach((open) => open());
  return { batches, handle, openAll };
}

describe('PartitionWork', () => {
  it('hands each partition its records in order, one batch at a time, a batch being all it queued meanwhile', async () => {
    const { batches, handle, openAll } = gatedHandler();
    const work = new PartitionWork<Rec>(3, 100, handle, (error) => { throw error; });
    for (let offset = 0; offset < 12; offset++) work.add(rec(0, offset));
    await turn();
    expect(batches).toEqual([[...Array(12).keys()].map((offset) => rec(0, offset))]);

    for (let offset = 12; offset < 15; offset++) work.add(rec(0, offset));
    await turn();
    expect(batches).toHaveLength(1);
    expect(work.size).toBe(3);
    openAll();
    await turn();
    await turn();
    expect(batches[1]).toEqual([rec(0, 12), rec(0, 13), rec(0, 14)]);
    openAll();
    await work.idle();
  });

  it('runs at most `concurrency` partitions at once, and a partition never waits for another to finish', async () => {
    const { batches, handle, openAll } = gatedHandler();
    const work = new PartitionWork<Rec>(2, 100, handle, (error) => { throw error; });
    for (const partition of [0, 1, 2, 3]) work.add(rec(partition, 0));
    await turn();
    expect(batches.map((batch) => batch[0]?.partition)).toEqual([0, 1]);
    openAll();
    await turn();
    await turn();
    expect(batches.map((batch) => batch[0]?.partition)).toEqual([0, 1, 2, 3]);
    openAll();
    await work.idle();
  });

  it('starts no batch while held, lets the running one finish, and puts a requeued batch first', async () => {
    const { batches, handle, openAll } = gatedHandler();
    const work = new PartitionWork<Rec>(3, 100, handle, (error) => { throw error; });
    work.add(rec(0, 0));
    await turn();
    work.hold();
    work.add(rec(0, 1));
    work.add(rec(1, 0));
    openAll();
    await work.idle();
    expect(batches).toEqual([[rec(0, 0)]]);

    work.requeue([rec(0, 0)]);
    work.release();
    await turn();
    const byPartition = batches.slice(1).sort((a, b) => (a[0]?.partition ?? 0) - (b[0]?.partition ?? 0));
    expect(byPartition).toEqual([[rec(0, 0), rec(0, 1)], [rec(1, 0)]]);
    openAll();
    await work.idle();
  });

  it('reports a handler that throws and drops what its partition had queued', async () => {
    const failures: unknown[] = [];
    const handled: number[] = [];
    const work = new PartitionWork<Rec>(1, 1, (batch) => {
      handled.push(batch[0]?.offset ?? -1);
      return Promise.reject(new Error('boom'));
    }, (error) => failures.push(error));
    work.add(rec(0, 0));
    work.add(rec(0, 1));
    await turn();
    await work.idle();
    expect(failures).toEqual([new Error('boom')]);
    expect(handled).toEqual([0]);
    expect(work.size).toBe(0);
  });

  it('cuts a long queue into batches of maxBatch and lets partitions take turns while records keep coming', async () => {
    const batches: Rec[][] = [];
    let offset = 0;
    const work = new PartitionWork<Rec>(1, 3, async (batch) => {
      batches.push([...batch]);
      // More records for the same partition arrive while each batch runs: it would never let go of its slot.
      work.add(rec(0, 100 + offset++));
      await turn();
    }, (error) => { throw error; });
    for (let index = 0; index < 7; index++) work.add(rec(0, index));
    work.add(rec(1, 0));
    await turn();
    for (let index = 0; index < 10 && !batches.some((batch) => batch[0]?.partition === 1); index++) await turn();
    work.hold();
    await work.idle();

    expect(batches[0]).toEqual([rec(0, 0), rec(0, 1), rec(0, 2)]);
    expect(batches.every((batch) => batch.length <= 3)).toBe(true);
    expect(batches.findIndex((batch) => batch[0]?.partition === 1)).toBe(1);
  });
});
