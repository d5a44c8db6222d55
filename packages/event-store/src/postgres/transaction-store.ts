import { type PoolClient } from 'pg';
import { type AppendOptions, type AppendResult, type NewEvent, type ReadStreamOptions, type RecordedEvent } from '../port/event-store';
import { type CommandStore } from '../port/command-idempotency';
import { type Snapshot } from '../port/snapshot-store';
import { appendWith } from './append';
import { readStreamWith } from './read-stream';
import { loadSnapshotWith, saveSnapshotWith } from './snapshots';

/**
 * The command store on a client inside an open transaction. Each append runs under a
 * savepoint: a refused append (wrong expected revision) would otherwise abort the whole
 * transaction, and command handling must be able to reload and retry within it.
 */
export class TransactionCommandStore implements CommandStore {
  constructor(
    private readonly client: PoolClient,
    private readonly schema: string,
  ) {}

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    await this.client.query('SAVEPOINT append_to_stream');
    try {
      const result = await appendWith(this.client, this.schema, streamId, events, options);
      await this.client.query('RELEASE SAVEPOINT append_to_stream');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK TO SAVEPOINT append_to_stream');
      throw error;
    }
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStreamWith(this.client, this.schema, streamId, options);
  }

  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    return saveSnapshotWith(this.client, this.schema, streamId, snapshot);
  }

  loadSnapshot(streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
    return loadSnapshotWith(this.client, this.schema, streamId, expectedSchemaVersion);
  }
}
