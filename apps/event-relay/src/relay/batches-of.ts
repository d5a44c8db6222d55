/** A macrotask away: everything a source has already buffered resolves before this does. */
const afterPendingCallbacks = (): Promise<undefined> => new Promise((resolve) => setImmediate(() => resolve(undefined)));

/**
 * Groups what `source` has already buffered into batches of at most `maxSize`, never waiting
 * for more: under load a batch fills up (a subscription hands out a whole page without I/O),
 * while idle the first event goes out alone at once, so batching adds no latency. One read
 * runs ahead while the consumer works on a batch, overlapping the next page with the publish.
 *
 * Closing the source is the caller's job: a read waiting for new events cannot be cancelled
 * from here, and closing the subscription is what ends it.
 */
export async function* batchesOf<T>(source: AsyncIterable<T>, maxSize: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const read = (): Promise<IteratorResult<T>> => {
    const next = iterator.next();
    // Abandoned when the consumer stops early; its failure must not become an unhandled rejection.
    next.catch(() => undefined);
    return next;
  };
  let pending = read();
  for (;;) {
    const first = await pending;
    if (first.done === true) return;
    const batch = [first.value];
    pending = read();
    const bufferedOnly = afterPendingCallbacks();
    let ended = false;
    while (batch.length < maxSize) {
      const next = await Promise.race([pending, bufferedOnly]);
      if (next === undefined) break;
      if (next.done === true) {
        ended = true;
        break;
      }
      batch.push(next.value);
      pending = read();
    }
    yield batch;
    if (ended) return;
  }
}
