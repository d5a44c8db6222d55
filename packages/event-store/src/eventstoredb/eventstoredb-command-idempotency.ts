import { BACKWARDS, END, jsonEvent, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError as ClientWrongExpectedVersion, type JSONType } from '@eventstore/db-client';
import { createHash, randomUUID } from 'node:crypto';
import { KeyedQueue } from '../command-handling/stream-queue';
import { type CommandIdempotency, type CommandStore, type IdempotencyClaim, type IdempotentOutcome } from '../port/command-idempotency';
import { type AppendOptions, type AppendResult, type JsonValue, type NewEvent } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { deterministicEventId } from './deterministic-event-ids';
import { type EventStoreDbEventStore } from './eventstoredb-event-store';

export interface EventStoreDbCommandIdempotencyOptions {
  readonly store: EventStoreDbEventStore;
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
 * Idempotency keys with EventStoreDB, which has no transaction spanning an append and a record
 * (README, "EventStoreDB"; the PostgreSQL adapter records the key in the append's transaction):
 * - The events' ids derive from the key (`deterministicEventId`), so a repeat that decides the
 *   same appends the same ids and EventStoreDB stores nothing twice; a repeat that finds its
 *   events already there (the first run appended, then died before recording) answers as that
 *   append did.
 * - The response is recorded afterwards in `$idempotency-<sha256(key)>` (a system stream, left
 *   out of `$all`), with a `$maxAge` so EventStoreDB scavenges it after the time to live.
 * - Runs with one key are serialised within an instance; across instances two may run at once,
 *   and the one that records second answers with the first one's recorded response.
 */
export class EventStoreDbCommandIdempotency implements CommandIdempotency {
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: EventStoreDbCommandIdempotencyOptions) {}

  execute<Result extends JsonValue>(claim: IdempotencyClaim, work: (store: CommandStore) => Promise<Result>): Promise<IdempotentOutcome<Result>> {
    return this.queue.run(claim.key, async () => {
      const recorded = await this.latest(claim.key);
      if (recorded !== undefined && recorded.record.expiresAt > Date.now()) return answerFrom<Result>(recorded.record, claim);
      // A key used afresh after it expired is a new command: its events must not pass for the old ones.
      const generation = recorded === undefined ? 0n : recorded.revision + 1n;
      const result = await work(this.storeFor(`${claim.key}\0${generation}`));
      const record: KeyRecord = { fingerprint: claim.fingerprint, result, expiresAt: Date.now() + this.options.timeToLiveMs };
      try {
        await this.options.store.client.appendToStream(recordStreamOf(claim.key), jsonEvent({ id: randomUUID(), type: RECORD_TYPE, data: record as unknown as JSONType }), {
          expectedRevision: recorded?.revision ?? NO_STREAM,
        });
        if (recorded === undefined) await this.expireAfterTimeToLive(claim.key);
      } catch (error) {
        if (!(error instanceof ClientWrongExpectedVersion)) throw error;
        // Another instance ran the same key at the same time and recorded first: its answer stands.
        const winner = await this.latest(claim.key);
        if (winner !== undefined) return answerFrom<Result>(winner.record, claim);
        throw error;
      }
      return { kind: 'executed', result };
    });
  }

  /** EventStoreDB scavenges the records itself (`$maxAge`); there is nothing to delete here. */
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

  private async latest(key: string): Promise<{ record: KeyRecord; revision: bigint } | undefined> {
    try {
      // Read to its end rather than left early: a read left open keeps the client from closing.
      let found: { record: KeyRecord; revision: bigint } | undefined;
      for await (const resolved of this.options.store.client.readStream(recordStreamOf(key), { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event?.isJson === true) found ??= { record: resolved.event.data as unknown as KeyRecord, revision: resolved.event.revision };
      }
      return found;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  private async expireAfterTimeToLive(key: string): Promise<void> {
    const maxAge = Math.ceil(this.options.timeToLiveMs / 1_000);
    await this.options.store.client.setStreamMetadata(recordStreamOf(key), { maxAge }).catch(() => undefined);
  }
}

function recordStreamOf(key: string): string {
  return `$idempotency-${createHash('sha256').update(key).digest('hex')}`;
}

function answerFrom<Result extends JsonValue>(record: KeyRecord, claim: IdempotencyClaim): IdempotentOutcome<Result> {
  return record.fingerprint === claim.fingerprint ? { kind: 'replayed', result: record.result as Result } : { kind: 'key-reused' };
}
