import { type JsonValue } from '../port/event-store';
import { type Snapshot } from '../port/snapshot-store';
import { jsonbText } from './jsonb-text';
import { type Queryable } from './queryable';
import { quoteIdentifier } from './sql-identifier';

interface SnapshotRow {
  revision: string;
  schema_version: number;
  state: JsonValue;
}

/**
 * Upserts the stream's snapshot. The WHERE on the conflict branch makes a save at an older
 * revision a no-op, so two writers racing can only move the snapshot forwards. An equal
 * revision is replaced, so a state re-folded under a new schemaVersion can take its place.
 */
export async function saveSnapshotWith(db: Queryable, schema: string, streamId: string, snapshot: Snapshot): Promise<void> {
  await db.query(
    `INSERT INTO ${quoteIdentifier(schema)}.snapshots AS s (stream_id, revision, schema_version, state)
     VALUES ($1, $2::bigint, $3, $4::jsonb)
     ON CONFLICT (stream_id) DO UPDATE
       SET revision = excluded.revision, schema_version = excluded.schema_version,
           state = excluded.state, saved_at = now()
     WHERE s.revision <= excluded.revision`,
    [streamId, snapshot.revision.toString(), snapshot.schemaVersion, jsonbText(snapshot.state, () => `Stream ${streamId}: snapshot`, () => ({ state: snapshot.state }))],
  );
}

/** The stream's snapshot, or undefined when there is none or its state has another shape. */
export async function loadSnapshotWith(
  db: Queryable,
  schema: string,
  streamId: string,
  expectedSchemaVersion: number,
): Promise<Snapshot | undefined> {
  const result = await db.query<SnapshotRow>(
    `SELECT revision, schema_version, state FROM ${quoteIdentifier(schema)}.snapshots WHERE stream_id = $1`,
    [streamId],
  );
  const row = result.rows[0];
  if (row === undefined || row.schema_version !== expectedSchemaVersion) return undefined;
  return { revision: BigInt(row.revision), schemaVersion: row.schema_version, state: row.state };
}
