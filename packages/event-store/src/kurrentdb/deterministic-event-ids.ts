import { createHash } from 'node:crypto';

/**
 * An event id derived from the idempotency key, the stream and the event's place among what the
 * command appended: a repeat of the command that decides the same appends the same ids, and
 * KurrentDB, which deduplicates appends by event id, stores nothing twice. (A UUID of version
 * 5's layout over SHA-1, as RFC 9562 names it.)
 */
export function deterministicEventId(key: string, streamId: string, index: number): string {
  const hash = createHash('sha1').update(`ledger.idempotency\0${key}\0${streamId}\0${index}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
