import { type JsonValue, type RecordedEvent } from '@ledger/event-store';

/** A Kafka record as the project writes it; kafkajs' Message type stays inside the adapters. */
export interface KafkaRecord {
  readonly topic: string;
  /** The stream id: one aggregate's events share a partition and stay in order. */
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** A record as a consumer receives it (header values arrive as bytes, possibly repeated). */
export interface ReceivedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

/**
 * The value of every event record: the envelope of ARCHITECTURE.md, versioned so the format
 * can change without breaking consumers that are still running. 64-bit numbers are strings.
 */
interface EnvelopeV1 {
  readonly envelope: 1;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamRevision: string;
  readonly position: string;
  readonly recordedAt: string;
  readonly data: JsonValue;
  readonly metadata: RecordedEvent['metadata'];
}

/** A record that is not an event envelope this code can read: dead-letter it, never guess. */
export class EnvelopeDecodeError extends Error {
  override readonly name = 'EnvelopeDecodeError';
}

/** Headers let brokers' tools, filters and tracers see an event without parsing its value. */
function headersOf(event: RecordedEvent): Record<string, string> {
  const { correlationId, causationId, traceparent } = event.metadata;
  return {
    'ledger-type': event.type,
    'ledger-event-id': event.eventId,
    'ledger-schema-version': String(event.schemaVersion),
    'ledger-stream-revision': event.streamRevision.toString(),
    'ledger-position': event.position.toString(),
    ...(correlationId === undefined ? {} : { 'ledger-correlation-id': correlationId }),
    ...(causationId === undefined ? {} : { 'ledger-causation-id': causationId }),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}

export function encodeEventRecord(event: RecordedEvent, topic: string): KafkaRecord {
  const envelope: EnvelopeV1 = {
    envelope: 1,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamRevision: event.streamRevision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
  return { topic, key: event.streamId, value: Buffer.from(JSON.stringify(envelope)), headers: headersOf(event) };
}

function field<T>(record: Record<string, unknown>, name: string, check: (value: unknown) => value is T): T {
  const value = record[name];
  if (!check(value)) throw new EnvelopeDecodeError(`envelope field "${name}" is missing or malformed`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
// Revisions and positions are PostgreSQL bigints: 0 … 2^63 − 1. Anything else would pass here
// and fail later, in a guard or a dead-letter row, where it could only block its partition.
const MAX_BIGINT = 2n ** 63n - 1n;
const isInteger = (value: unknown): value is string => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isVersion = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
const isDefined = (value: unknown): value is JsonValue => value !== undefined;

/** Reads an event record back into the stored event it carries. */
export function decodeEventRecord(record: ReceivedRecord): RecordedEvent {
  if (record.value === null) throw new EnvelopeDecodeError('record has no value (a tombstone is not an event)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch {
    throw new EnvelopeDecodeError('record value is not JSON');
  }
  if (!isObject(parsed) || parsed['envelope'] !== 1) throw new EnvelopeDecodeError('record value is not an envelope of version 1');
  const recordedAt = new Date(field(parsed, 'recordedAt', isString));
  if (Number.isNaN(recordedAt.getTime())) throw new EnvelopeDecodeError('envelope field "recordedAt" is not a date');
  return {
    eventId: field(parsed, 'eventId', isString),
    type: field(parsed, 'type', isString),
    schemaVersion: field(parsed, 'schemaVersion', isVersion),
    streamId: field(parsed, 'streamId', isString),
    streamRevision: BigInt(field(parsed, 'streamRevision', isInteger)),
    position: BigInt(field(parsed, 'position', isInteger)),
    recordedAt,
    data: field(parsed, 'data', isDefined),
    metadata: field(parsed, 'metadata', isObject),
  };
}
