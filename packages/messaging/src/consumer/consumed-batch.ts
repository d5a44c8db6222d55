import { type RecordedEvent } from '@ledger/event-store';
import { decodeEventRecord, EnvelopeDecodeError, type ReceivedRecord } from '../envelope/event-envelope';

/** The event a record carries, or why it carries none this code can read. */
export type DecodedRecord =
  | { readonly ok: true; readonly event: RecordedEvent }
  | { readonly ok: false; readonly error: EnvelopeDecodeError };

/**
 * One Kafka record as a consumer's handler sees it: where it came from, its raw bytes (kept so a
 * dead letter can hold exactly what arrived) and the decoded event, or the decoding error. A
 * record that does not decode is handed over, not thrown: the handler decides (dead-letter it).
 */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: a decimal string. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  /** Header values as text; of a repeated header, the first. */
  readonly headers: Readonly<Record<string, string>>;
  readonly decoded: DecodedRecord;
}

/** The records one fetch returned for one partition, in offset order. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /** Tells the group coordinator this member is alive: call it while waiting between retries. */
  heartbeat(): Promise<void>;
  /**
   * True once the batch must be dropped: the partition moved to another member, or the consumer
   * is stopping. Its records will be delivered again (to this member or another).
   */
  isStale(): boolean;
  /** Aborted when the consumer stops, so waits between retries end at once. */
  readonly signal: AbortSignal;
}

/**
 * `processed`: the handler's write is durable, commit the offset after the batch.
 * `abandoned`: commit nothing; the records come again.
 * `{ commitBefore }`: handled, but only the records before this offset may be committed (a
 * reader of them is paused and still needs the rest); the partition goes on with later records.
 */
export type BatchOutcome = 'processed' | 'abandoned' | { readonly commitBefore: bigint };

/** The offset to commit after a batch (the next one to read), or undefined for none. */
export function offsetToCommit(outcome: BatchOutcome, firstOffset: string, lastOffset: string): bigint | undefined {
  if (outcome === 'abandoned') return undefined;
  const end = BigInt(lastOffset) + 1n;
  if (outcome === 'processed') return end;
  // Below the batch nothing is ours to commit: what was committed before is lower still.
  if (outcome.commitBefore <= BigInt(firstOffset)) return undefined;
  return outcome.commitBefore < end ? outcome.commitBefore : end;
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

function firstText(value: HeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function headersOf(headers: Readonly<Record<string, HeaderValue>> | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = firstText(value);
    if (text !== undefined) texts[name] = text;
  }
  return texts;
}

function decode(record: ReceivedRecord): DecodedRecord {
  try {
    return { ok: true, event: decodeEventRecord(record) };
  } catch (error) {
    if (error instanceof EnvelopeDecodeError) return { ok: false, error };
    return { ok: false, error: new EnvelopeDecodeError(error instanceof Error ? error.message : String(error)) };
  }
}

/** A received message as a `ConsumedRecord`, decoded once here so every handler sees the same result. */
export function toConsumedRecord(
  topic: string,
  partition: number,
  message: ReceivedRecord & { readonly offset: string },
): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: headersOf(message.headers),
    decoded: decode(message),
  };
}
