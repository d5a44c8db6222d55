import { randomUUID } from 'node:crypto';
import { type JsonValue } from '../port/event-store';
import { type Snapshot } from '../port/snapshot-store';
import { lastJsonEvent } from './last-json-event';
import { jsonEventData, wrongExpectedVersionOf, type StreamsClient } from './streams-client';

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

export async function loadSnapshotWith(client: StreamsClient, streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
  const found = await lastJsonEvent<StoredSnapshot>(client, snapshotStreamOf(streamId));
  if (found === undefined || found.data.schemaVersion !== expectedSchemaVersion) return undefined;
  return { revision: BigInt(found.data.revision), schemaVersion: found.data.schemaVersion, state: found.data.state };
}

/** Appends unless a snapshot of a newer revision is there; a concurrent saver wins (a snapshot is only a cache). */
export async function saveSnapshotWith(client: StreamsClient, streamId: string, snapshot: Snapshot): Promise<void> {
  const found = await lastJsonEvent<StoredSnapshot>(client, snapshotStreamOf(streamId));
  if (found !== undefined && BigInt(found.data.revision) >= snapshot.revision && found.data.schemaVersion === snapshot.schemaVersion) return;
  const data: StoredSnapshot = { revision: snapshot.revision.toString(), schemaVersion: snapshot.schemaVersion, state: snapshot.state };
  try {
    await client.appendToStream(snapshotStreamOf(streamId), [jsonEventData({ id: randomUUID(), type: SNAPSHOT_TYPE, data })], found?.revision ?? 'no_stream');
  } catch (error) {
    if (wrongExpectedVersionOf(error) === undefined) throw error;
  }
}
