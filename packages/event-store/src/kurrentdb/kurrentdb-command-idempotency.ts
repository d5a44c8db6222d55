import { createHash, randomUUID } from 'node:crypto';
import { KeyedQueue } from '../command-handling/stream-queue';
import { type CommandIdempotency, type CommandStore, type IdempotencyClaim, type IdempotentOutcome } from '../port/command-idempotency';
import { type AppendOptions, type AppendResult, type JsonValue, type NewEvent } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { deterministicEventId } from './deterministic-event-ids';
import { type KurrentDbEventStore } from './kurrentdb-event-store';
import { lastJsonEvent } from './last-json-event';
import { jsonEventData, wrongExpectedVersionOf } from './streams-client';

export interface KurrentDbCommandIdempotencyOptions {
  readonly store: KurrentDbEventStore;
  readonly timeToLiveMs: number;
}

interface KeyRecord {
  readonly fingerprint: string;
  readonly result: JsonValue;
  readonly expiresAt: number;
}

const RECORD_TYPE = 'IdempotencyKeyRecorded';
/** How far back a repeat looks for the events it appended before (a command appends a few). */
const OWN_EVENTS_LOOKBACK = 100;

/**
 * Idempotency keys with KurrentDB, which has no transaction spanning an append and a record
 * (docs/operations.md, "Running on KurrentDB"; the PostgreSQL adapter records the key in the
 * append's transaction):
 * - The events' ids derive from the key (`deterministicEventId`), so a repeat that decides the
 *   same appends the same ids and KurrentDB stores nothing twice; a repeat that finds its
 *   events already there (the first run appended, then died before recording) answers as that
 *   append did.
 * - The response is recorded afterwards in `$idempotency-<sha256(key)>` (a system stream, left
 *   out of `$all`), with a `$maxAge` so KurrentDB scavenges it after the time to live.
 * - Runs with one key are serialised within an instance; across instances two may run at once,
 *   and the one that records second answers with the first one's recorded response.
 */
export class KurrentDbCommandIdempotency implements CommandIdempotency {
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: KurrentDbCommandIdempotencyOptions) {}

  execute<Result extends JsonValue>(claim: IdempotencyClaim, work: (store: CommandStore) => Promise<Result>): Promise<IdempotentOutcome<Result>> {
    return this.queue.run(claim.key, async () => {
      const recorded = await this.latest(claim.key);
      if (recorded !== undefined && recorded.data.expiresAt > Date.now()) return answerFrom<Result>(recorded.data, claim);
      // A key used afresh after it expired is a new command: its events must not pass for the old ones.
      const generation = recorded === undefined ? 0n : recorded.revision + 1n;
      const result = await work(this.storeFor(`${claim.key}\0${generation}`));
      const record: KeyRecord = { fingerprint: claim.fingerprint, result, expiresAt: Date.now() + this.options.timeToLiveMs };
      try {
        const recordEvent = jsonEventData({ id: randomUUID(), type: RECORD_TYPE, data: record });
        await this.options.store.client.appendToStream(recordStreamOf(claim.key), [recordEvent], recorded?.revision ?? 'no_stream');
        if (recorded === undefined) await this.expireAfterTimeToLive(claim.key);
      } catch (error) {
        if (wrongExpectedVersionOf(error) === undefined) throw error;
        // Another instance ran the same key at the same time and recorded first: its answer stands.
        const winner = await this.latest(claim.key);
        if (winner !== undefined) return answerFrom<Result>(winner.data, claim);
        throw error;
      }
      return { kind: 'executed', result };
    });
  }

  /** KurrentDB scavenges the records itself (`$maxAge`); there is nothing to delete here. */
  deleteExpired(): Promise<number> {
    return Promise.resolve(0);
  }

  /** `use`: the key and how many times it was recorded before (see `deterministicEventId`). */
  private storeFor(use: string): CommandStore {
    const { store } = this.options;
    const appended = new Map<string, number>();
    return {
      readStream: (streamId, options) => store.readStream(streamId, options),
      saveSnapshot: (streamId, snapshot) => store.saveSnapshot(streamId, snapshot),
      loadSnapshot: (streamId, schemaVersion) => store.loadSnapshot(streamId, schemaVersion),
      appendToStream: async (streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> => {
        const offset = appended.get(streamId) ?? 0;
        const keyed = events.map((event, index) => ({ ...event, eventId: deterministicEventId(use, streamId, offset + index) }));
        try {
          const result = await store.appendToStream(streamId, keyed, options);
          appended.set(streamId, offset + events.length);
          return result;
        } catch (error) {
          const earlier = error instanceof WrongExpectedVersionError ? await this.earlierAppend(streamId, keyed) : undefined;
          if (earlier === undefined) throw error;
          appended.set(streamId, offset + events.length);
          return earlier;
        }
      },
    };
  }

  /** The result of an earlier run's append of these very events, if they are in the stream. */
  private async earlierAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const last = events.at(-1);
    if (last === undefined) return undefined;
    const recent = await this.options.store.readStream(streamId, { direction: 'backwards', maxCount: OWN_EVENTS_LOOKBACK });
    const found = recent.find((event) => event.eventId === last.eventId);
    return found === undefined ? undefined : { nextExpectedRevision: found.streamRevision, position: found.position };
  }

  private latest(key: string): Promise<{ data: KeyRecord; revision: bigint } | undefined> {
    return lastJsonEvent<KeyRecord>(this.options.store.client, recordStreamOf(key));
  }

  private async expireAfterTimeToLive(key: string): Promise<void> {
    await this.options.store.client.setMaxAge(recordStreamOf(key), Math.ceil(this.options.timeToLiveMs / 1_000)).catch(() => undefined);
  }
}

function recordStreamOf(key: string): string {
  return `$idempotency-${createHash('sha256').update(key).digest('hex')}`;
}

function answerFrom<Result extends JsonValue>(record: KeyRecord, claim: IdempotencyClaim): IdempotentOutcome<Result> {
  return record.fingerprint === claim.fingerprint ? { kind: 'replayed', result: record.result as Result } : { kind: 'key-reused' };
}
