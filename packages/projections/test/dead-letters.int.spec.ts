import { accountIdOfStream } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { DeadLetterNotFoundError, DeadLetterNotOpenError, type DeadLetter, type ProjectionDefinition } from '../src';
import { accountSummaryProjection } from '../src/accounts';
import { AccountFixture } from '@ledger/domain/testing';
import { FailingProjection } from './support/failing-projection';
import { givenWhen } from './support/given-when';
import { postgresDefinition, ProjectionHarness } from './support/projection-harness';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/** Poison events, their dead letters, the events that wait behind them, retry and skip (real PostgreSQL). */
describe('dead letters', () => {
  let pg: PostgresUnderTest;
  let projection: FailingProjection;
  let harness: ProjectionHarness;
  /** What the projection's side effects were given, each call with the revision of its account committed by then. */
  const effects: { readonly applied: string[]; readonly committedRevision: string | undefined }[] = [];
  const { given, storedOnly } = givenWhen(() => pg, () => harness);

  beforeAll(async () => {
    pg = await postgresUnderTest('dead_letters');
    projection = new FailingProjection(accountSummaryProjection({ schema: pg.readModelSchema }));
    const definition: ProjectionDefinition = {
      ...postgresDefinition('account-summary', () => projection, { pool: pg.pool, schema: pg.readModelSchema }),
      sideEffects: async (applied) => {
        const accountId = accountIdOfStream(applied.at(-1)?.streamId ?? '');
        // Read on a connection of its own: it sees only what was committed.
        const { rows } = await pg.pool.query<{ revision: string }>(`SELECT revision FROM "${pg.readModelSchema}".account_summary WHERE account_id = $1`, [accountId]);
        effects.push({ applied: applied.map((event) => `${event.streamId}@${event.streamRevision}`), committedRevision: rows[0]?.revision });
      },
    };
    harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
  });
  afterAll(() => pg.dispose());

  const summaryOf = async (account: AccountFixture) => {
    const { rows } = await pg.pool.query<{ balance_minor: string; status: string; revision: string }>(
      `SELECT balance_minor, status, revision FROM "${pg.readModelSchema}".account_summary WHERE account_id = $1`,
      [account.accountId],
    );
    return rows[0];
  };
  const lettersOf = async (account: AccountFixture): Promise<DeadLetter[]> =>
    (await harness.deadLetters.list({ statuses: ['open', 'waiting', 'retried', 'released', 'skipped'] })).filter(
      (letter) => letter.streamId === account.streamId,
    );
  const shapeOf = (letters: readonly DeadLetter[]) => letters.map(({ revision, status, attempts }) => ({ revision, status, attempts }));
  const one = <T>(items: readonly T[]): T => {
    if (items.length !== 1 || items[0] === undefined) throw new Error(`expected one, got ${items.length}`);
    return items[0];
  };
  const poison = (event: RecordedEvent | undefined): RecordedEvent => {
    if (event === undefined) throw new Error('no event');
    projection.failing.add(event.eventId);
    return event;
  };

  it('a failing event is dead-lettered after its retries; other accounts move on, its own later events wait', async () => {
    const [a, b] = [new AccountFixture(), new AccountFixture()];
    await given(a.opened(), b.opened());
    const [aFirst, aSecond] = await storedOnly(a.deposited(100n, 100n), a.deposited(50n, 150n));
    const [bFirst, bSecond] = await storedOnly(b.deposited(7n, 7n), b.withdrawn(2n, 5n));
    poison(aFirst);
    const before = harness.status.snapshot();

    await harness.deliver(...[aFirst, bFirst, aSecond, bSecond].map((event) => event ?? poison(undefined)));

    expect(await summaryOf(b)).toMatchObject({ balance_minor: '5', revision: '2' });
    expect(await summaryOf(a)).toMatchObject({ balance_minor: '0', revision: '0' });
    const letters = await lettersOf(a);
    expect(shapeOf(letters)).toEqual([
      { revision: 1n, status: 'open', attempts: 3 },
      { revision: 2n, status: 'waiting', attempts: 0 },
    ]);
    expect(letters[0]?.error).toContain(`projection bug on ${a.streamId}@1`);
    expect(letters[1]?.blockedBy).toBe(letters[0]?.id);
    expect(harness.status.snapshot()).toMatchObject({ deadLettered: before.deadLettered + 1, parked: before.parked + 1, applied: before.applied + 2 });

    // The dead-letter topic got the record as it arrived, with why it is there.
    const published = harness.published.find((record) => record.headers['ledger-dead-letter-id'] === String(letters[0]?.id));
    expect(published).toMatchObject({ key: a.streamId, headers: { 'ledger-event-id': aFirst?.eventId, 'ledger-dead-letter-attempts': '3' } });
    expect(published?.headers['ledger-dead-letter-error']).toContain('projection bug');

    // Later batches: the account's events keep waiting, the others keep moving.
    await given(a.frozen(), b.deposited(1n, 6n));
    expect(shapeOf(await lettersOf(a)).map((letter) => letter.status)).toEqual(['open', 'waiting', 'waiting']);
    expect(await summaryOf(b)).toMatchObject({ balance_minor: '6', revision: '3' });

    // A retry while the cause is still there fails, counts an attempt and keeps the stream held.
    const failed = await harness.operations.retry(letters[0]?.id ?? 0);
    expect(failed).toMatchObject({ outcome: 'failed', deadLetter: { status: 'open', attempts: 4 } });
    expect(failed.error).toContain('projection bug');

    // Fixed: the retry applies it, then the waiting ones, in order.
    projection.failing.clear();
    const retried = await harness.operations.retry(letters[0]?.id ?? 0);

    expect(retried).toMatchObject({ outcome: 'retried', release: { released: 2, stillWaiting: 0, blockedBy: null }, deadLetter: { status: 'retried' } });
    expect(await summaryOf(a)).toMatchObject({ balance_minor: '150', status: 'frozen', revision: '3' });
    expect(shapeOf(await lettersOf(a)).map((letter) => letter.status)).toEqual(['retried', 'released', 'released']);
    await given(a.unfrozen());
    expect(await summaryOf(a)).toMatchObject({ status: 'open', revision: '4' });
  });

  it('skip records the event as handled without applying it, and releases the waiting ones', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const [first, second] = await storedOnly(account.deposited(100n, 100n), account.deposited(50n, 150n));
    await harness.deliver(poison(first), second ?? poison(undefined));
    const open = one((await lettersOf(account)).filter((letter) => letter.status === 'open'));

    const skipped = await harness.operations.skip(open.id);

    expect(skipped).toMatchObject({ outcome: 'skipped', release: { released: 1 }, deadLetter: { status: 'skipped' } });
    // The balance comes from the last event's balanceAfter; the skipped deposit has no row of its own.
    expect(await summaryOf(account)).toMatchObject({ balance_minor: '150', revision: '2' });
  });

  it('an event whose data does not decode is dead-lettered at once: no retry can change its bytes', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const bad = await pg.appendRaw(account.streamId, 'ledger.account.money-deposited', { accountId: account.accountId, amountMinor: 'lots', currency: 'EUR', balanceAfterMinor: '1' });
    const [later] = await storedOnly(account.frozen());

    await harness.deliver(bad, later ?? poison(undefined));

    const [letter, waiting] = await lettersOf(account);
    expect(letter).toMatchObject({ status: 'open', attempts: 1, revision: 1n, type: 'ledger.account.money-deposited' });
    expect(letter?.error).toMatch(/EventDecodeError: cannot decode ledger.account.money-deposited v1/);
    expect(waiting).toMatchObject({ status: 'waiting', revision: 2n });

    expect(await harness.operations.retry(letter?.id ?? 0)).toMatchObject({ outcome: 'failed', deadLetter: { status: 'open', attempts: 2 } });
    expect(await harness.operations.skip(letter?.id ?? 0)).toMatchObject({ outcome: 'skipped', release: { released: 1 } });
    expect(await summaryOf(account)).toMatchObject({ status: 'frozen', revision: '2' });
  });

  it('a record that is not an envelope at all is held by its key; after a skip the gap it left is healed from the store', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const [lost, next] = await storedOnly(account.deposited(30n, 30n), account.deposited(5n, 35n));

    await harness.deliver(harness.garbage(account.streamId), next ?? poison(lost));

    const [letter, waiting] = await lettersOf(account);
    expect(letter).toMatchObject({ status: 'open', attempts: 1, eventId: null, revision: null, streamId: account.streamId });
    expect(letter?.error).toContain('EnvelopeDecodeError');
    expect(waiting).toMatchObject({ status: 'waiting', revision: 2n });

    await harness.operations.skip(letter?.id ?? 0);

    expect(await summaryOf(account)).toMatchObject({ balance_minor: '35', revision: '2' });
  });

  it('a waiting event that fails when released becomes the open one; the rest wait behind it', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const [first, second, third] = await storedOnly(account.deposited(1n, 1n), account.deposited(2n, 3n), account.deposited(3n, 6n));
    await harness.deliver(poison(first), poison(second), third ?? poison(undefined));
    const [open, secondWaiting, thirdWaiting] = await lettersOf(account);
    projection.failing.delete(first?.eventId ?? '');

    const retried = await harness.operations.retry(open?.id ?? 0);

    expect(retried.release).toEqual({ released: 0, stillWaiting: 1, blockedBy: secondWaiting?.id });
    expect(shapeOf(await lettersOf(account))).toEqual([
      { revision: 1n, status: 'retried', attempts: 3 },
      { revision: 2n, status: 'open', attempts: 1 },
      { revision: 3n, status: 'waiting', attempts: 0 },
    ]);
    expect((await lettersOf(account))[2]?.blockedBy).toBe(secondWaiting?.id);
    expect(thirdWaiting?.blockedBy).toBe(open?.id);
    expect(await summaryOf(account)).toMatchObject({ revision: '1' });
  });

  it('runs the projection’s side effects once a retry or skip committed, for every event it applied: no batch brings them again', async () => {
    const [retriedAccount, skippedAccount] = [new AccountFixture(), new AccountFixture()];
    await given(retriedAccount.opened(), skippedAccount.opened());
    const [first, second, third] = await storedOnly(retriedAccount.deposited(1n, 1n), retriedAccount.deposited(2n, 3n), retriedAccount.deposited(3n, 6n));
    const [lost, next] = await storedOnly(skippedAccount.deposited(5n, 5n), skippedAccount.deposited(5n, 10n));
    await harness.deliver(poison(first), second ?? poison(undefined), third ?? poison(undefined), poison(lost), next ?? poison(undefined));
    const [retried] = await lettersOf(retriedAccount);
    const [skipped] = await lettersOf(skippedAccount);
    effects.length = 0;

    expect(await harness.operations.retry(retried?.id ?? 0)).toMatchObject({ outcome: 'failed' });
    expect(effects).toEqual([]);
    projection.failing.delete(first?.eventId ?? '');
    await harness.operations.retry(retried?.id ?? 0);
    await harness.operations.skip(skipped?.id ?? 0);

    expect(effects).toEqual([
      { applied: [1, 2, 3].map((revision) => `${retriedAccount.streamId}@${revision}`), committedRevision: '3' },
      // The skipped event changed nothing; the one released behind it did.
      { applied: [`${skippedAccount.streamId}@2`], committedRevision: '2' },
    ]);
  });

  it('a redelivered batch adds no second dead letter or waiting entry', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const stored = await storedOnly(account.deposited(1n, 1n), account.deposited(1n, 2n));
    poison(stored[0]);

    await harness.deliver(...stored);
    await harness.deliver(...stored);

    expect(shapeOf(await lettersOf(account)).map((letter) => letter.status)).toEqual(['open', 'waiting']);
  });

  it('retry and skip refuse an unknown id, a waiting entry and a resolved one', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    const stored = await storedOnly(account.deposited(1n, 1n), account.deposited(1n, 2n));
    await harness.deliver(poison(stored[0]), stored[1] ?? poison(undefined));
    const [open, waiting] = await lettersOf(account);

    await expect(harness.operations.retry(987_654_321)).rejects.toBeInstanceOf(DeadLetterNotFoundError);
    await expect(harness.operations.skip(waiting?.id ?? 0)).rejects.toThrow(/waiting behind an earlier one/);
    await harness.operations.skip(open?.id ?? 0);
    await expect(harness.operations.retry(open?.id ?? 0)).rejects.toBeInstanceOf(DeadLetterNotOpenError);
  });
});
