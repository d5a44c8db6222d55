// The event store without the command API: PostgresEventStore.appendToStream, one event per
// append, as a command handler would call it; the same append as bare SQL (A2's baseline); and
// a stream's load next to a raw select of its rows (H1).
import { accountStreamId } from '@ledger/domain';
import { type AppendResult, type ExpectedRevision, type NewEvent } from '@ledger/event-store';
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

  /**
   * Each writer its own stream, appending one event at the revision it knows (optimistic
   * concurrency), through `append`, which returns the stream's next expected revision.
   */
  const ownStreams = (name: string, description: string, layer: 'store' | 'raw', clients: number, append: (writer: Writer, event: NewEvent) => Promise<ExpectedRevision>): Scenario => {
    let writers: Writer[] = [];
    return {
      name,
      description: `${description}, ${clients} writer${clients === 1 ? '' : 's'}, each on its own stream, expected revision checked`,
      layer,
      clients,
      setUp: async () => {
        await (migrated ??= migrate(pool, context.schema));
        writers = Array.from({ length: clients }, () => {
          const accountId = randomUUID();
          return { accountId, streamId: accountStreamId(accountId), expected: 'no_stream' };
        });
      },
      op: async (client) => {
        const writer = writers[client];
        if (writer === undefined) throw new Error(`no writer ${client}`);
        writer.expected = await append(writer, depositEvent(writer.accountId));
      },
    };
  };
  const storeAppends = (clients: number): Scenario =>
    ownStreams(`store-${clients}`, 'appendToStream', 'store', clients, async (writer, event) => {
      const result: AppendResult = await store.appendToStream(writer.streamId, [event], { expectedRevision: writer.expected });
      return result.nextExpectedRevision;
    });
  /** A2's baseline: the statement the store's append sends, sent with pg, nothing around it. */
  const appendSql = `SELECT next_expected_revision FROM "${context.schema}".append_to_stream($1, $2, $3::jsonb)`;
  const rawAppends = (clients: number): Scenario =>
    ownStreams(`raw-append-${clients}`, 'the append SQL (append_to_stream) issued directly with pg', 'raw', clients, async (writer, { eventId, type, schemaVersion, data, metadata }) => {
      const { rows } = await pool.query<{ next_expected_revision: string }>(appendSql, [
        writer.streamId,
        writer.expected.toString(),
        JSON.stringify([{ eventId, type, schemaVersion, data, metadata }]),
      ]);
      return BigInt(rows[0]?.next_expected_revision ?? Number.NaN);
    });

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
        await store.appendToStream(accountStreamId(accountId), [depositEvent(accountId)], { expectedRevision: 'any' });
      },
    };
  };

  /**
   * H1: loading a 100-event stream (what a command without a snapshot does) next to a raw
   * select of the same rows with pg, one client each, compared by p50 latency.
   */
  const historyAccount = randomUUID();
  const historyStream = accountStreamId(historyAccount);
  let historyWritten: Promise<unknown> | undefined;
  const writeHistory = async (): Promise<void> => {
    await (migrated ??= migrate(pool, context.schema));
    historyWritten ??= store.appendToStream(historyStream, Array.from({ length: 100 }, () => depositEvent(historyAccount)), { expectedRevision: 'no_stream' });
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
    scenarios: [rawAppends(1), rawAppends(context.clients), storeAppends(1), storeAppends(context.clients), oneStream(context.clients), rawSelect, loadStream],
    close: () => pool.end(),
  };
}
