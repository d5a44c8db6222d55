import { BACKWARDS, END, jsonEvent, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError, type EventStoreDBClient, type JSONType } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { type JsonValue } from '../port/event-store';
import { type Snapshot } from '../port/snapshot-store';

/**
 * A stream's snapshots live in a companion stream, `$snapshot-<streamId>`: a system stream, so
 * `$all` readers (the relay, rebuilds) leave them out; the latest event is the snapshot.
 */
const snapshotStreamOf = (streamId: string): string => `$snapshot-${streamId}`;
const SNAPSHOT_TYPE = 'Snapshot';

interface StoredSnapshot {
  readonly revision: string;
  readonly schemaVersion: number;
  readonly state: JsonValue;
}

async function latest(client: EventStoreDBClient, streamId: string): Promise<{ snapshot: StoredSnapshot; revision: bigint } | undefined> {
  try {
    // Read to its end rather than left early: a read left open keeps the client from closing.
    let found: { snapshot: StoredSnapshot; revision: bigint } | undefined;
    for await (const resolved of client.readStream(snapshotStreamOf(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
      if (resolved.event?.isJson === true) found ??= { snapshot: resolved.event.data as unknown as StoredSnapshot, revision: resolved.event.revision };
    }
    return found;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}

export async function loadSnapshotWith(client: EventStoreDBClient, streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
  const found = await latest(client, streamId);
  if (found === undefined || found.snapshot.schemaVersion !== expectedSchemaVersion) return undefined;
  return { revision: BigInt(found.snapshot.revision), schemaVersion: found.snapshot.schemaVersion, state: found.snapshot.state };
}

/** Appends unless a snapshot of a newer revision is there; a concurrent saver wins (a snapshot is only a cache). */
export async function saveSnapshotWith(client: EventStoreDBClient, streamId: string, snapshot: Snapshot): Promise<void> {
  const found = await latest(client, streamId);
  if (found !== undefined && BigInt(found.snapshot.revision) >= snapshot.revision && found.snapshot.schemaVersion === snapshot.schemaVersion) return;
  const data: StoredSnapshot = { revision: snapshot.revision.toString(), schemaVersion: snapshot.schemaVersion, state: snapshot.state };
  try {
    await client.appendToStream(snapshotStreamOf(streamId), jsonEvent({ id: randomUUID(), type: SNAPSHOT_TYPE, data: data as unknown as JSONType }), {
      expectedRevision: found === undefined ? NO_STREAM : found.revision,
    });
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
}
