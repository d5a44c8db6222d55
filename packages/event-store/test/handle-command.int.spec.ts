import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  accountDecider,
  AccountSnapshotDecodeError,
  accountStateFromSnapshot,
  accountStateToSnapshot,
  decodeAccountEvent,
  evolve,
  initialState,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '@ledger/domain';
import {
  ConcurrencyConflictError,
  handleCommand,
  KeyedQueue,
  LruStateCache,
  type EventStore,
  type HandleCommandOptions,
  type JsonValue,
  type SnapshotStore,
} from '../src';
import { PostgresEventStore } from '../src/postgres';
import { accountCodec, deposit, newAccount, open, withdraw } from './account-fixtures';
import { migratedSchema } from './postgres-test-schema';

const codec = accountCodec;
type AccountOptions = HandleCommandOptions<AccountEvent, AccountState>;
const options = (overrides: Partial<AccountOptions> = {}): AccountOptions => ({
  codec,
  metadata: { correlationId: 'corr-1', actor: 'test', occurredAt: '2026-11-23T10:00:00.000Z' },
  newEventId: () => randomUUID(),
  ...overrides,
});

describe('handleCommand over the PostgreSQL event store, with the account decider', () => {
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const db = await migratedSchema('handle_command');
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    dispose = db.dispose;
  });
  afterAll(() => dispose());

  it('loads, decides and appends at the loaded revision, with the edge metadata on every event', async () => {
    const { accountId, streamId } = newAccount();

    const opened = await handleCommand(store, streamId, accountDecider, open(accountId), options());
    const deposited = await handleCommand(store, streamId, accountDecider, deposit(accountId, '12.50'), options());

    expect(opened).toMatchObject({ ok: true, streamId, revision: 0n, appended: 1 });
    expect(deposited).toMatchObject({ ok: true, streamId, revision: 1n, appended: 1 });
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => [event.type, event.streamRevision])).toEqual([
      ['ledger.account.opened', 0n],
      ['ledger.account.money-deposited', 1n],
    ]);
    expect(stored[1]?.metadata).toEqual({ correlationId: 'corr-1', actor: 'test', occurredAt: '2026-11-23T10:00:00.000Z' });
    expect(deposited.ok && stored[1]?.position === deposited.position).toBe(true);
  });

  it('appends nothing when the domain refuses, and returns the refusal as data', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());

    const result = await handleCommand(store, streamId, accountDecider, withdraw(accountId, '1.00'), options());

    expect(result).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(1);
  });

  it('with If-Match, refuses a stale revision without retrying or appending', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options());

    const stale = handleCommand(store, streamId, accountDecider, deposit(accountId, '2.00'), options({ expectedRevision: 0n }));

    await expect(stale).rejects.toEqual(expect.objectContaining({ name: 'WrongExpectedVersionError', expected: 0n, actual: 1n }));
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(2);
  });

  it('retries a conflict on the new state, and gives up after the bounded attempts', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    // Another writer deposits between every load and append of ours.
    let competing = 0;
    const contended: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const history = await store.readStream(...args);
        competing += 1;
        await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options());
        return history;
      },
    });

    const attempt = handleCommand(contended, streamId, accountDecider, deposit(accountId, '5.00'), options({ maxAttempts: 3 }));

    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(competing).toBe(3);
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => event.streamRevision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('50 concurrent deposits to one account, queued per stream: all succeed, each revision once, exact balance', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());
    const queue = new KeyedQueue();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        queue.run(streamId, () => handleCommand(store, streamId, accountDecider, deposit(accountId, `${index + 1}.00`), options())),
      ),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((event) => event.streamRevision)).toEqual(Array.from({ length: 51 }, (_, revision) => BigInt(revision)));
    const last = decodeAccountEvent(stored[50] ?? { type: '', schemaVersion: 0, data: null });
    expect(last.type === 'MoneyDeposited' && last.balanceAfter.amountMinor).toBe(127_500n); // 1 + 2 + ... + 50 = 1275 EUR
    expect(queue.activeKeys).toBe(0);
  });

  it('10 concurrent deposits from separate instances (no shared queue) all land through the optimistic retry', async () => {
    const { accountId, streamId } = newAccount();
    await handleCommand(store, streamId, accountDecider, open(accountId), options());

    const results = await Promise.all(
      Array.from({ length: 10 }, () => handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options({ maxAttempts: 20 }))),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(11);
  });

  describe('with snapshots', () => {
    const snapshotsIn = (snapshotStore: SnapshotStore, every = 3): AccountOptions['snapshots'] => ({
      store: snapshotStore,
      schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
      every,
      // The domain's JSON types are readonly; the store only serialises them.
      toJson: (state) => accountStateToSnapshot(state) as JsonValue,
      fromJson: (json) => accountStateFromSnapshot(json),
    });
    const withSnapshots = (overrides: Partial<AccountOptions> = {}) => options({ snapshots: snapshotsIn(store), ...overrides });
    const freeze = (accountId: AccountCommand['accountId']): AccountCommand => ({ type: 'FreezeAccount', accountId, reason: 'audit' });
    const replayed = async (streamId: string): Promise<AccountState> =>
      (await store.readStream(streamId, { direction: 'forwards' })).map((recorded) => decodeAccountEvent(recorded)).reduce(evolve, initialState);
    const snapshotOf = async (streamId: string) => {
      const snapshot = await store.loadSnapshot(streamId, ACCOUNT_SNAPSHOT_SCHEMA_VERSION);
      return snapshot && { revision: snapshot.revision, state: accountStateFromSnapshot(snapshot.state) };
    };
    // Counts what loading reads, to show the snapshot saves reading the events it covers.
    const countingReads = () => {
      const reads: { fromRevision: bigint | undefined; events: number }[] = [];
      const counted: EventStore = Object.assign(Object.create(store) as EventStore, {
        readStream: async (...args: Parameters<EventStore['readStream']>) => {
          const events = await store.readStream(...args);
          if (args[1].direction === 'forwards') reads.push({ fromRevision: args[1].fromRevision, events: events.length });
          return events;
        },
      });
      return { counted, reads };
    };

    it('with every=3, saves the folded state at every third revision, and decides on it as on a full replay', async () => {
      const { accountId, streamId } = newAccount();
      await handleCommand(store, streamId, accountDecider, open(accountId), withSnapshots());
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '10.00'), withSnapshots());
      expect(await snapshotOf(streamId)).toBeUndefined();

      await handleCommand(store, streamId, accountDecider, deposit(accountId, '20.25'), withSnapshots());
      expect(await snapshotOf(streamId)).toEqual({ revision: 2n, state: await replayed(streamId) });

      await handleCommand(store, streamId, accountDecider, deposit(accountId, '0.75'), withSnapshots());
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '4.00'), withSnapshots());
      expect((await snapshotOf(streamId))?.revision).toBe(2n);
      const { counted, reads } = countingReads();
      const overdrawn = await handleCommand(counted, streamId, accountDecider, withdraw(accountId, '35.01'), withSnapshots());
      const exact = await handleCommand(counted, streamId, accountDecider, withdraw(accountId, '35.00'), withSnapshots());

      expect(overdrawn).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
      expect(exact).toMatchObject({ ok: true, revision: 5n, appended: 1 });
      expect(reads).toEqual([
        { fromRevision: 3n, events: 2 },
        { fromRevision: 3n, events: 2 },
      ]);
      const state = await replayed(streamId);
      expect(state).toMatchObject({ status: 'open', balance: { amountMinor: 0n } });
      expect(await snapshotOf(streamId)).toEqual({ revision: 5n, state });
    });

    it('with a snapshot at the end of the stream, answers a no-op with the revision and position of the last event', async () => {
      const { accountId, streamId } = newAccount();
      await handleCommand(store, streamId, accountDecider, open(accountId), withSnapshots());
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), withSnapshots());
      const frozen = await handleCommand(store, streamId, accountDecider, freeze(accountId), withSnapshots());
      expect((await snapshotOf(streamId))?.revision).toBe(2n);

      const again = await handleCommand(store, streamId, accountDecider, freeze(accountId), withSnapshots({ expectedRevision: 2n }));

      expect(frozen.ok && again.ok && again.position === frozen.position).toBe(true);
      expect(again).toMatchObject({ ok: true, revision: 2n, appended: 0 });
      const stale = handleCommand(store, streamId, accountDecider, freeze(accountId), withSnapshots({ expectedRevision: 1n }));
      await expect(stale).rejects.toEqual(expect.objectContaining({ name: 'WrongExpectedVersionError', expected: 1n, actual: 2n }));
    });

    it('ignores a snapshot of another schema version: the state is rebuilt from the events, then snapshotted afresh', async () => {
      const { accountId, streamId } = newAccount();
      await handleCommand(store, streamId, accountDecider, open(accountId), options());
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '5.00'), options());
      // An old shape claiming a far larger balance: trusting it would let the withdrawal through.
      const oldShape = { ...(accountStateToSnapshot(await replayed(streamId)) as Record<string, JsonValue>), balanceMinor: '900000' };
      await store.saveSnapshot(streamId, { revision: 1n, schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION - 1, state: oldShape });

      const refused = await handleCommand(store, streamId, accountDecider, withdraw(accountId, '5.01'), withSnapshots());
      const accepted = await handleCommand(store, streamId, accountDecider, withdraw(accountId, '5.00'), withSnapshots());

      expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
      expect(accepted).toMatchObject({ ok: true, revision: 2n });
      expect(await snapshotOf(streamId)).toEqual({ revision: 2n, state: await replayed(streamId) });
    });

    it('rebuilds from the events past a snapshot it cannot read, reports it, and replaces it', async () => {
      const { accountId, streamId } = newAccount();
      await handleCommand(store, streamId, accountDecider, open(accountId), options());
      await store.saveSnapshot(streamId, { revision: 0n, schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION, state: { status: 'open' } });
      const onSnapshotError = jest.fn();
      const everyEvent = options({ snapshots: snapshotsIn(store, 1), onSnapshotError });

      const result = await handleCommand(store, streamId, accountDecider, deposit(accountId, '3.00'), everyEvent);

      expect(result).toMatchObject({ ok: true, revision: 1n, appended: 1 });
      expect(onSnapshotError).toHaveBeenCalledTimes(1);
      expect(onSnapshotError).toHaveBeenCalledWith(expect.any(AccountSnapshotDecodeError));
      expect(await snapshotOf(streamId)).toEqual({ revision: 1n, state: await replayed(streamId) });
    });

    it('a snapshot save that fails does not fail the command: it is appended, answered ok, and reported', async () => {
      const { accountId, streamId } = newAccount();
      const diskFull = new Error('disk full');
      const failingSaves: SnapshotStore = {
        loadSnapshot: (id, schemaVersion) => store.loadSnapshot(id, schemaVersion),
        saveSnapshot: () => Promise.reject(diskFull),
      };
      const onSnapshotError = jest.fn();
      const failing = options({ snapshots: snapshotsIn(failingSaves, 1), onSnapshotError });

      const opened = await handleCommand(store, streamId, accountDecider, open(accountId), failing);
      const deposited = await handleCommand(store, streamId, accountDecider, deposit(accountId, '8.00'), failing);

      expect(opened).toMatchObject({ ok: true, revision: 0n, appended: 1 });
      expect(deposited).toMatchObject({ ok: true, revision: 1n, appended: 1 });
      expect(onSnapshotError.mock.calls).toEqual([[diskFull], [diskFull]]);
      expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(2);
      expect(await snapshotOf(streamId)).toBeUndefined();
    });

    it('refuses a snapshot policy that is not a positive whole number before appending anything', async () => {
      const { accountId, streamId } = newAccount();

      const attempt = handleCommand(store, streamId, accountDecider, open(accountId), options({ snapshots: snapshotsIn(store, 0) }));

      await expect(attempt).rejects.toBeInstanceOf(RangeError);
      expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(0);
    });
  });

  describe('with a state cache', () => {
    /** The store, counting stream reads. */
    const counting = (): { store: EventStore; reads: () => number } => {
      let reads = 0;
      const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
        readStream: (...args: Parameters<EventStore['readStream']>) => {
          reads += 1;
          return store.readStream(...args);
        },
      });
      return { store: wrapped, reads: () => reads };
    };

    it('decides the next command on the state it left, without reading the stream', async () => {
      const { accountId, streamId } = newAccount();
      const stateCache = new LruStateCache<AccountState>(10);
      const { store: watched, reads } = counting();
      await handleCommand(watched, streamId, accountDecider, open(accountId), options({ stateCache }));
      const readsAfterOpen = reads();

      await handleCommand(watched, streamId, accountDecider, deposit(accountId, '3.00'), options({ stateCache }));
      const withdrawn = await handleCommand(watched, streamId, accountDecider, withdraw(accountId, '2.00'), options({ stateCache }));
      const refused = await handleCommand(watched, streamId, accountDecider, withdraw(accountId, '2.00'), options({ stateCache }));

      expect(reads()).toBe(readsAfterOpen);
      expect(withdrawn).toMatchObject({ ok: true, revision: 2n, appended: 1 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
      expect(stateCache.get(streamId)).toMatchObject({ revision: 2n, state: { balance: { amountMinor: 100n } } });
    });

    it('drops a state another writer made stale, and decides again on the stored stream', async () => {
      const { accountId, streamId } = newAccount();
      const stateCache = new LruStateCache<AccountState>(10);
      await handleCommand(store, streamId, accountDecider, open(accountId), options({ stateCache }));
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '5.00'), options({ stateCache }));
      // Another instance (no shared cache) withdraws everything.
      await handleCommand(store, streamId, accountDecider, withdraw(accountId, '5.00'), options());

      const result = await handleCommand(store, streamId, accountDecider, withdraw(accountId, '5.00'), options({ stateCache }));

      expect(result).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
      expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(3);
      expect(stateCache.get(streamId)).toBeUndefined();
    });

    it('is not consulted when If-Match names a revision: that is checked against the store', async () => {
      const { accountId, streamId } = newAccount();
      const stateCache = new LruStateCache<AccountState>(10);
      await handleCommand(store, streamId, accountDecider, open(accountId), options({ stateCache }));
      await handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options());

      const stale = handleCommand(store, streamId, accountDecider, deposit(accountId, '1.00'), options({ stateCache, expectedRevision: 0n }));

      await expect(stale).rejects.toEqual(expect.objectContaining({ name: 'WrongExpectedVersionError', expected: 0n, actual: 1n }));
    });
  });
});
