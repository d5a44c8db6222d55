/**
 * Kafka's Java `Utils.murmur2`, written out independently of any client, so the contract can check
 * that every client puts a key on the partition the Java producer (and Kafka Streams, Connect…) would.
 */
export function javaMurmur2(data: Buffer): number {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = (seed ^ length) | 0;
  const fours = Math.floor(length / 4);
  for (let i = 0; i < fours; i++) {
    const at = i * 4;
    let k = ((data[at] ?? 0)) + ((data[at + 1] ?? 0) << 8) + ((data[at + 2] ?? 0) << 16) + ((data[at + 3] ?? 0) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = fours * 4;
  // Java's switch falls through from 3 to 2 to 1.
  const rest = length % 4;
  if (rest >= 3) h ^= (data[tail + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[tail + 1] ?? 0) << 8;
  if (rest >= 1) {
    h ^= (data[tail] ?? 0);
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** `Utils.toPositive(murmur2(key)) % partitions`: the Java producer's default for a keyed record. */
export function javaPartitionOf(key: string, partitions: number): number {
  return (javaMurmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
}
