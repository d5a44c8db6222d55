import { accountStreamId, type AccountEvent } from '@ledger/domain';
import { type ReadAllOptions, type RecordedEvent } from '@ledger/event-store';
import { eventually } from '@ledger/event-store/testing';
import { type ProjectionDefinition, type ReadModelCopies, RebuildInProgressError, silentLogger, type EventHistory } from '../src';
import { accountProjectionNames, accountProjections, accountSummaryProjection } from '../src/accounts';
import { PostgresReadModelCopies, ProjectionRebuilds, ProjectionVersions, type ProjectionRebuildsOptions } from '../src/postgres';
import { AccountFixture } from '@ledger/domain/testing';
import { ProjectionHarness } from './support/projection-harness';
import { liveReadModel } from './support/read-model-snapshots';
import { mongoUnderTest, postgresUnderTest, type MongoUnderTest, type PostgresUnderTest } from './support/test-stack';

/** A varied history: 12 accounts of 4 owners in two currencies, money both ways, freezes, a closing. */
function history(): AccountEvent[] {
  const owners = [0, 1, 2, 3].map(() => new AccountFixture().ownerId);
  const events: AccountEvent[] = [];
  for (let index = 0; index < 12; index += 1) {
    const account = new AccountFixture(owners[index % owners.length], index % 3 === 0 ? 'USD' : 'EUR');
    events.push(account.opened(), account.deposited(10_000n, 10_000n, `salary ${index}`), account.withdrawn(2_500n, 7_500n));
    if (index % 4 === 1) events.push(account.frozen(), account.unfrozen());
    if (index % 5 === 2) events.push(account.withdrawn(7_500n, 0n), { type: 'AccountClosed', accountId: account.accountId });
    else events.push(account.deposited(1n, 7_501n));
  }
  return events;
}

/** The store, with reads that wait while held (how a test keeps a rebuild running, or stops it midway). */
class GatedHistory implements EventHistory {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  private freeReads = Number.POSITIVE_INFINITY;
  reads = 0;
  waiting = 0;

  constructor(private readonly inner: EventHistory) {}

  /** Lets `reads` more reads through, then holds the rest. */
  holdAfter(reads: number): void {
    this.freeReads = this.reads + reads;
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  hold(): void {
    this.holdAfter(0);
  }

  release(): void {
    this.freeReads = Number.POSITIVE_INFINITY;
    this.open();
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.reads += 1;
    if (this.reads > this.freeReads) {
      this.waiting += 1;
      await this.gate;
      this.waiting -= 1;
    }
    return this.inner.readAll(options);
  }

  countAfter(position: bigint | undefined): Promise<bigint> {
    return this.inner.countAfter(position);
  }
}

describe('rebuilding a read model from the event store', () => {
  let pg: PostgresUnderTest;
  let mongo: MongoUnderTest;
  let definitions: ProjectionDefinition[];
  let stored: RecordedEvent[];
  const started: ProjectionRebuilds[] = [];

  const definitionNamed = (name: string): ProjectionDefinition => {
    const definition = definitions.find((each) => each.name === name);
    if (definition === undefined) throw new Error(`no projection ${name}`);
    return definition;
  };

  const rebuildsWith = (options: Partial<ProjectionRebuildsOptions> = {}): ProjectionRebuilds => {
    const rebuilds = new ProjectionRebuilds({
      pool: pg.pool,
      schema: pg.readModelSchema,
      definitions,
      running: [...accountProjectionNames],
      history: pg.eventStore,
      logger: silentLogger,
      holdOf: () => undefined,
      batchSize: 7,
      graceMs: 60_000,
      ...options,
    });
    started.push(rebuilds);
    return rebuilds;
  };

  const rebuilt = async (rebuilds: ProjectionRebuilds, name: string) => {
    const record = await rebuilds.start(name);
    const outcome = await rebuilds.outcomeOf(record.id);
    return { record, outcome, journal: await rebuilds.find(name, record.id) };
  };

  /** Applies the events through the live path (batch processor, guard, dead letters), a few per batch. */
  const projectLive = async (definition: ProjectionDefinition, events: readonly RecordedEvent[]) => {
    const harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
    for (let index = 0; index < events.length; index += 5) await harness.deliver(...events.slice(index, index + 5));
    return harness;
  };

  beforeAll(async () => {
    [pg, mongo] = await Promise.all([postgresUnderTest('rebuild'), mongoUnderTest('rebuild')]);
    definitions = accountProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema, mongo: mongo.db });
    stored = await pg.append(history());
    for (const definition of definitions) await projectLive(definition, stored);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((rebuilds) => rebuilds.stop()));
  });
  afterAll(() => Promise.all([pg.dispose(), mongo.dispose()]));

  it.each(accountProjectionNames)('rebuilds %s into exactly the read model the live projection built', async (name) => {
    const live = await liveReadModel(name, pg, mongo);

    const { outcome, journal } = await rebuilt(rebuildsWith(), name);

    expect(outcome).toMatchObject({ state: 'completed' });
    expect(await liveReadModel(name, pg, mongo)).toEqual(live);
    expect(journal).toMatchObject({ state: 'completed', processed: stored.length, total: stored.length, etaSeconds: 0, error: null });
  });

  it('swaps a PostgreSQL copy in by renaming, and keeps the retired tables until the grace period is over', async () => {
    const tablesNamed = async (pattern: string) =>
      (await pg.pool.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE $2`, [pg.readModelSchema, pattern])).rows.map(
        (row) => row.table_name,
      );
    const { record } = await rebuilt(rebuildsWith({ graceMs: 300 }), 'account-summary');

    expect(await tablesNamed('account_summary%')).toEqual(expect.arrayContaining(['account_summary', `account_summary__old_${record.copy}`]));
    await eventually(async () => !(await tablesNamed('account_summary__%')).includes(`account_summary__old_${record.copy}`));
  });

  it('swaps a MongoDB copy in by moving the pointer readers follow, and drops the retired collections later', async () => {
    const versions = new ProjectionVersions(pg.readModelSchema);
    const before = await versions.liveCopy(pg.pool, 'customer-portfolio');
    const { record } = await rebuilt(rebuildsWith({ graceMs: 300 }), 'customer-portfolio');

    expect(await versions.liveCopy(pg.pool, 'customer-portfolio')).toBe(record.copy);
    const collections = async () => (await mongo.db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name);
    const retired = before === '' ? 'customer_portfolios' : `customer_portfolios__${before}`;
    await eventually(async () => !(await collections()).includes(retired));
    expect(await collections()).toContain(`customer_portfolios__${record.copy}`);
  });

  it('refuses a second rebuild of a projection while one runs, in this instance and in another', async () => {
    const gated = new GatedHistory(pg.eventStore);
    gated.hold();
    const rebuilds = rebuildsWith({ history: gated });
    const running = await rebuilds.start('account-transactions');

    await expect(rebuilds.start('account-transactions')).rejects.toMatchObject({ name: 'RebuildInProgressError', rebuildId: running.id });
    await expect(rebuildsWith().start('account-transactions')).rejects.toBeInstanceOf(RebuildInProgressError);
    expect((await rebuilds.active()).get('account-transactions')).toMatchObject({ id: running.id, state: 'running' });

    gated.release();
    expect(await rebuilds.outcomeOf(running.id)).toMatchObject({ state: 'completed' });
    const next = await rebuilt(rebuildsWith(), 'account-transactions');
    expect(next.outcome).toMatchObject({ state: 'completed' });
  });

  it.each(['account-summary', 'customer-portfolio'])('resumes %s from its checkpoint after the projector stopped midway', async (name) => {
    const live = await liveReadModel(name, pg, mongo);
    const gated = new GatedHistory(pg.eventStore);
    gated.holdAfter(2);
    const first = rebuildsWith({ history: gated });
    const record = await first.start(name);
    await eventually(() => gated.waiting > 0);
    const stopping = first.stop();
    gated.release();
    await stopping;
    const interrupted = await first.find(name, record.id);
    expect(interrupted).toMatchObject({ state: 'running' });
    expect(interrupted?.processed).toBeLessThan(stored.length);

    const second = rebuildsWith();
    await second.recover();
    const outcome = await second.outcomeOf(record.id);

    expect(outcome).toMatchObject({ state: 'completed' });
    expect(await second.find(name, record.id)).toMatchObject({ state: 'completed', processed: stored.length });
    expect(await liveReadModel(name, pg, mongo)).toEqual(live);
  });

  it('rebuilds a projection whose version changed when the projector starts, unless told not to', async () => {
    const versions = new ProjectionVersions(pg.readModelSchema);
    await rebuildsWith().recover();
    expect(await versions.recorded(pg.pool, 'account-summary')).toMatchObject({ version: 1 });
    const bumped = definitions.map((definition) => (definition.name === 'account-summary' ? { ...definition, version: 2 } : definition));

    const off = rebuildsWith({ definitions: bumped, rebuildOnVersionChange: false });
    await off.recover();
    expect(await versions.recorded(pg.pool, 'account-summary')).toMatchObject({ version: 1 });
    expect(await rebuildsFor('account-summary', 'version-changed')).toEqual([]);

    const on = rebuildsWith({ definitions: bumped });
    await on.recover();
    const active = (await on.active()).get('account-summary');
    expect(active).toMatchObject({ reason: 'version-changed', version: 2 });
    expect(await on.outcomeOf(active?.id ?? '')).toMatchObject({ state: 'completed' });
    expect(await versions.recorded(pg.pool, 'account-summary')).toMatchObject({ version: 2 });
    expect((await on.active()).size).toBe(0);

    // An older deployment starting (a rollback, a rolling upgrade) does not rebuild it back.
    const older = rebuildsWith();
    await older.recover();
    expect(await versions.recorded(pg.pool, 'account-summary')).toMatchObject({ version: 2 });
    expect(await rebuildsFor('account-summary', 'version-changed')).toHaveLength(1);
  });

  it('fails on an event the projection cannot apply, naming it, and leaves the live read model as it was', async () => {
    const poisoned = await postgresUnderTest('rebuild_poison');
    try {
      const [good] = await poisoned.append([new AccountFixture().opened()]);
      const poison = await poisoned.appendRaw(accountStreamId(new AccountFixture().accountId), 'MoneyDeposited', { nonsense: true });
      const poisonedDefinitions = accountProjections({ pool: poisoned.pool, readModelSchema: poisoned.readModelSchema, mongo: mongo.db });
      const summary = poisonedDefinitions.find((definition) => definition.name === 'account-summary');
      if (summary === undefined || good === undefined) throw new Error('setup');
      await projectLiveInto(poisoned, summary, [good]);
      const { rebuilds, record, outcome } = await rebuiltIn(poisoned, poisonedDefinitions, 'account-summary');

      expect(outcome).toMatchObject({ state: 'failed' });
      const journal = await rebuilds.find('account-summary', record.id);
      expect(journal?.state).toBe('failed');
      expect(journal?.error).toContain(`position ${poison.position} (${poison.streamId} revision 0, MoneyDeposited)`);
      const tables = await poisoned.pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'account_summary%'`, [poisoned.readModelSchema]);
      expect(tables.rows).toEqual([{ table_name: 'account_summary' }]);
      const rows = await poisoned.pool.query(`SELECT account_id FROM "${poisoned.readModelSchema}".account_summary`);
      expect(rows.rows).toHaveLength(1);
      await rebuilds.stop();
    } finally {
      await poisoned.dispose();
    }
  });

  it('fails cleanly on an event whose write PostgreSQL refuses, in a batch whose other writes hold locks', async () => {
    const poisoned = await postgresUnderTest('rebuild_sql');
    try {
      const accounts = [new AccountFixture(), new AccountFixture()];
      const events = await poisoned.append(accounts.flatMap((account) => [account.opened(), account.deposited(7n, 7n)]));
      const poison = events[3];
      if (poison === undefined) throw new Error('setup');
      const refusing = new PostgresReadModelCopies({
        pool: poisoned.pool,
        schema: poisoned.readModelSchema,
        projection: 'account-summary',
        tables: ['account_summary'],
        projectionOn: (tableOf) => {
          const inner = accountSummaryProjection({ schema: poisoned.readModelSchema, table: tableOf('account_summary') });
          return {
            async applyEvents(batch, tx) {
              await inner.applyEvents(batch, tx);
              if (batch.some((event) => event.eventId === poison.eventId)) await tx.query('SELECT 1 / 0');
            },
          };
        },
      });
      const definition: ProjectionDefinition = { name: 'account-summary', version: 1, categories: ['account'], store: refusing.store(''), copies: refusing };
      const { rebuilds, record, outcome } = await rebuiltIn(poisoned, [definition], 'account-summary');

      expect(outcome).toMatchObject({ state: 'failed' });
      expect((await rebuilds.find('account-summary', record.id))?.error).toContain(`position ${poison.position} (${poison.streamId} revision 1, ${poison.type}) cannot be applied: error: division by zero`);
      await rebuilds.stop();
    } finally {
      await poisoned.dispose();
    }
  });

  it('settles the dead letters of the read model it replaces: the rebuild applied their events', async () => {
    const account = new AccountFixture();
    const [opened, deposited] = await pg.append([account.opened(), account.deposited(5n, 5n)]);
    if (opened === undefined || deposited === undefined) throw new Error('setup');
    const summary = definitionNamed('account-summary');
    const harness = await projectLive({ ...summary, store: failingOn(summary, deposited.eventId) }, [opened, deposited]);
    expect(await harness.deadLetters.counts('account-summary')).toEqual({ open: 1, waiting: 0 });

    await rebuilt(rebuildsWith(), 'account-summary');

    expect(await harness.deadLetters.counts('account-summary')).toEqual({ open: 0, waiting: 0 });
    const row = await pg.pool.query(`SELECT balance_minor::text FROM "${pg.readModelSchema}".account_summary WHERE account_id = $1`, [account.accountId]);
    expect(row.rows).toEqual([{ balance_minor: '5' }]);
  });

  it('runs side effects for live batches, never for history it replays, and once for events the swap took from the live consumer', async () => {
    const effects: string[] = [];
    const summary = definitionNamed('account-summary');
    const withEffects: ProjectionDefinition = { ...summary, sideEffects: (applied) => Promise.resolve(void effects.push(...applied.map((event) => event.eventId))) };
    const account = new AccountFixture();
    const events = await pg.append([account.opened()]);
    await projectLive(withEffects, events);
    expect(effects).toEqual(events.map((event) => event.eventId));

    // A command lands after the rebuild caught up and before the swap: the swap applies it, and
    // the live consumer, which has not seen it yet, will find it a duplicate.
    let late: RecordedEvent[] = [];
    const copies = withEffects.copies;
    const lateReady = async (copy: string): Promise<void> => {
      late = await pg.append([account.deposited(3n, 3n)]);
      await copies.ready(copy);
    };
    const lateCommand: ProjectionDefinition = { ...withEffects, copies: Object.assign(Object.create(copies) as ReadModelCopies, { ready: lateReady }) };
    definitions = definitions.map((definition) => (definition.name === 'account-summary' ? lateCommand : definition));
    const { outcome } = await rebuilt(rebuildsWith(), 'account-summary');

    expect(outcome).toMatchObject({ state: 'completed' });
    expect(effects).toEqual([...events, ...late].map((event) => event.eventId));
  });

  /** A rebuild in a store of its own (its own schemas), run to its end. */
  async function rebuiltIn(target: PostgresUnderTest, projections: ProjectionDefinition[], name: string) {
    const rebuilds = new ProjectionRebuilds({
      pool: target.pool,
      schema: target.readModelSchema,
      definitions: projections,
      running: [],
      history: target.eventStore,
      logger: silentLogger,
      holdOf: () => undefined,
    });
    const record = await rebuilds.start(name);
    return { rebuilds, record, outcome: await rebuilds.outcomeOf(record.id) };
  }

  async function rebuildsFor(projection: string, reason: string): Promise<{ id: string }[]> {
    const { rows } = await pg.pool.query<{ id: string }>(`SELECT id FROM "${pg.readModelSchema}".projection_rebuilds WHERE projection = $1 AND reason = $2`, [projection, reason]);
    return rows;
  }

  async function projectLiveInto(target: PostgresUnderTest, definition: ProjectionDefinition, events: readonly RecordedEvent[]): Promise<void> {
    const harness = new ProjectionHarness({ definition, pool: target.pool, readModelSchema: target.readModelSchema, streams: target.eventStore });
    await harness.deliver(...events);
  }
});

/** The definition's live store, refusing one event (a live bug the rebuild's code no longer has). */
function failingOn(definition: ProjectionDefinition, eventId: string): ProjectionDefinition['store'] {
  const { store } = definition;
  return {
    isTransient: (error) => store.isTransient(error),
    writerFor: (unit) => {
      const writer = store.writerFor(unit);
      const refuse = (events: readonly RecordedEvent[]) => {
        if (events.some((event) => event.eventId === eventId)) throw new Error('a bug in the live projection');
      };
      return {
        lastRevisions: (streamIds) => writer.lastRevisions(streamIds),
        apply: async (events) => (refuse(events), writer.apply(events)),
        applyOne: async (event) => (refuse([event]), writer.applyOne(event)),
        skip: (streamId, revision) => writer.skip(streamId, revision),
      };
    },
  };
}

