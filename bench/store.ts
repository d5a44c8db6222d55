// The event store without the command API: PostgresEventStore.appendToStream, one event per
// append, as a command handler would call it.
import { type AppendResult, type ExpectedRevision } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { depositEvent } from './deposit-event';
import type { Layer, Scenario } from './measure';

interface Writer {
  readonly accountId: string;
  readonly streamId: string;
  expected: ExpectedRevision;
}

export function storeLayer(context: BenchContext): Layer {
  const pool = new Pool({ connectionString: context.databaseUrl, max: context.clients });
  const store = new PostgresEventStore({ pool, schema: context.schema });
  let migrated: Promise<unknown> | undefined;

  /** Each writer its own stream, appending at the revision it knows (optimistic concurrency). */
  const ownStreams = (clients: number): Scenario => {
    let writers: Writer[] = [];
    return {
      name: `store-${clients}`,
      description: `appendToStream, ${clients} writer${clients === 1 ? '' : 's'}, each on its own stream, expected revision checked`,
      layer: 'store',
      clients,
      setUp: async () => {
        await (migrated ??= migrate(pool, context.schema));
        writers = Array.from({ length: clients }, () => {
          const accountId = randomUUID();
          return { accountId, streamId: `account-${accountId}`, expected: 'no_stream' };
        });
      },
      op: async (client) => {
        const writer = writers[client];
        if (writer === undefined) throw new Error(`no writer ${client}`);
        const result: AppendResult = await store.appendToStream(writer.streamId, [depositEvent(writer.accountId)], {
          expectedRevision: writer.expected,
        });
        writer.expected = result.nextExpectedRevision;
      },
    };
  };

  /** Every writer on the same stream, expected revision 'any': they queue on its row lock. */
  const oneStream = (clients: number): Scenario => {
    const accountId = randomUUID();
    return {
      name: `store-${clients}-one-stream`,
      description: `appendToStream, ${clients} writers on ONE stream, expectedRevision 'any'`,
      layer: 'store',
      clients,
      setUp: async () => {
        await (migrated ??= migrate(pool, context.schema));
      },
      op: async () => {
        await store.appendToStream(`account-${accountId}`, [depositEvent(accountId)], { expectedRevision: 'any' });
      },
    };
  };

  /**
   * H1: loading a 100-event stream (what a command without a snapshot does) next to a raw
   * select of the same rows with pg, one client each, compared by p50 latency.
   */
  const historyStream = `account-${randomUUID()}`;
  let historyWritten: Promise<unknown> | undefined;
  const writeHistory = async (): Promise<void> => {
    await (migrated ??= migrate(pool, context.schema));
    historyWritten ??= store.appendToStream(historyStream, Array.from({ length: 100 }, () => depositEvent(historyStream.slice('account-'.length))), { expectedRevision: 'no_stream' });
    await historyWritten;
  };
  const rawSelect: Scenario = {
    name: 'raw-stream-select',
    description: 'pg SELECT of a 100-event stream\'s rows, every column, in revision order (the H1 baseline)',
    layer: 'store',
    clients: 1,
    compareWith: { baseline: 'raw-stream-select', by: 'p50' },
    setUp: writeHistory,
    op: async () => {
      await pool.query(
        `SELECT position, stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at
           FROM "${context.schema}".events WHERE stream_id = $1 ORDER BY stream_revision`,
        [historyStream],
      );
    },
  };
  const loadStream: Scenario = {
    name: 'store-load-100',
    description: 'PostgresEventStore.readStream of a 100-event stream, forwards (H1; vs raw-stream-select by p50)',
    layer: 'store',
    clients: 1,
    compareWith: { baseline: 'raw-stream-select', by: 'p50' },
    setUp: writeHistory,
    op: async () => {
      await store.readStream(historyStream, { direction: 'forwards' });
    },
  };

  return {
    scenarios: [ownStreams(1), ownStreams(context.clients), oneStream(context.clients), rawSelect, loadStream],
    close: () => pool.end(),
  };
}
