// X1: the append of a peer, Emmett's PostgreSQL event store, next to store-N with the same
// server, payload, concurrency, pool size and durability, so what differs is the stores' design.
// Emmett takes no schema name: its tables and functions land in the run's schema through the
// connection's search_path and go with it. Its setup looks its functions up database-wide, so
// it is checked that they landed there. It sets pg's type parsers for the whole process (int8
// as BigInt, its own JSON): they are kept to its pool, so the other layers read what they did.
import { accountStreamId } from '@ledger/domain';
import { type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, PostgreSQLEventStoreDefaultStreamVersion, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { type JsonValue, type NewEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { Pool, types } from 'pg';
import type { BenchContext } from './context';
import { depositEvent } from './deposit-event';
import type { Layer, Scenario } from './measure';

type Deposit = Event<string, Record<string, JsonValue>, Record<string, unknown>>;
type Parser = (value: string) => unknown;

interface Writer {
  readonly streamId: string;
  readonly accountId: string;
  /** Emmett's stream version: 0 for a stream that must not exist yet, then the last one written. */
  expected: bigint;
}

/** The deposit as Emmett takes it; `messageId` in the metadata makes the event id Emmett's. */
function asEmmettEvent(event: NewEvent): Deposit {
  const { data } = event;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${event.type}: data is not an object`);
  return { type: event.type, data, metadata: { ...event.metadata, messageId: event.eventId } };
}

export function emmettLayer(context: BenchContext): Layer {
  const url = new URL(context.databaseUrl);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c search_path=${context.schema}`.trim());
  const connectionString = url.toString();
  const emmettParsers = new Map<number, Parser>();
  const pool = new Pool({
    connectionString,
    max: context.clients,
    types: {
      getTypeParser: (...[id, format]: Parameters<typeof types.getTypeParser>): unknown =>
        ((format ?? 'text') === 'text' ? emmettParsers.get(id) : undefined) ?? types.getTypeParser(id, format),
    },
  });
  let ready: Promise<PostgresEventStore> | undefined;

  const createStore = async (): Promise<PostgresEventStore> => {
    const oids = [types.builtins.INT8, types.builtins.JSON, types.builtins.JSONB];
    const before = oids.map((oid) => types.getTypeParser(oid, 'text') as Parser);
    const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
    oids.forEach((oid, index) => {
      emmettParsers.set(oid, types.getTypeParser(oid, 'text') as Parser);
      const parser = before[index];
      if (parser !== undefined) types.setTypeParser(oid, 'text', parser);
    });
    await store.schema.migrate();
    const found = await pool.query<{ schema: string }>(
      `SELECT n.nspname AS schema FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = 'emt_append_to_stream'`,
    );
    if (!found.rows.some((row) => row.schema === context.schema)) {
      const elsewhere = found.rows.map((row) => row.schema).join(', ');
      throw new Error(`Emmett's setup did not create emt_append_to_stream in ${context.schema}: it exists in ${elsewhere} (its setup skips functions found in any schema)`);
    }
    return store;
  };

  /** Each writer its own stream, appending at the version it knows (optimistic concurrency). */
  const ownStreams = (clients: number): Scenario => {
    let writers: Writer[] = [];
    return {
      name: `emmett-${clients}`,
      description: `Emmett appendToStream, ${clients} writer${clients === 1 ? '' : 's'}, each on its own stream, expected version checked (X1; vs store-${clients})`,
      layer: 'emmett',
      clients,
      setUp: async () => {
        await (ready ??= createStore());
        writers = Array.from({ length: clients }, () => {
          const accountId = randomUUID();
          return { accountId, streamId: accountStreamId(accountId), expected: PostgreSQLEventStoreDefaultStreamVersion };
        });
      },
      op: async (client) => {
        const writer = writers[client];
        if (writer === undefined || ready === undefined) throw new Error(`no writer ${client}`);
        const store = await ready;
        const result = await store.appendToStream(writer.streamId, [asEmmettEvent(depositEvent(writer.accountId))], {
          expectedStreamVersion: writer.expected,
        });
        writer.expected = result.nextExpectedStreamVersion;
      },
    };
  };

  return {
    scenarios: [ownStreams(1), ownStreams(context.clients)],
    close: async () => {
      // The pool is this layer's: Emmett's close ends only what it opened itself.
      if (ready !== undefined) await (await ready.catch(() => undefined))?.close();
      await pool.end();
    },
  };
}
