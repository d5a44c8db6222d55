import { EditedMigrationsError } from '@ledger/event-store/postgres';
import { ProjectorAdminClient } from './admin-client';
import { type CliIo } from './cli-io';
import { MigrationStepFailed, type SchemaOutcome } from './migrate/migrate-schemas';
import { fittedRebuildProgress, renderRebuildProgress } from './rebuild-progress';
import { runCli } from './run-cli';
import { renderTable } from './table';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** An admin API in memory: answers by "METHOD path" (a list: one per call, the last one repeated), records the calls. */
function fakeApi(answers: Record<string, Answer | Answer[]>) {
  const calls: string[] = [];
  /** What each call sent: its JSON body (if any) and content type. */
  const sent: { body: string | undefined; contentType: string | undefined }[] = [];
  const fetchImpl = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    const key = `${init?.method ?? 'GET'} ${url.replace('http://projector', '')}`;
    calls.push(key);
    sent.push({ body: init?.body, contentType: init?.headers?.['content-type'] });
    const listed = answers[key];
    const answer = Array.isArray(listed) ? (listed.length > 1 ? listed.shift() : listed[0]) : listed;
    if (answer === undefined) return Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3002') }));
    return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status }));
  };
  return { client: new ProjectorAdminClient('http://projector', fetchImpl), calls, sent };
}

const projection = (name: string, overrides: object = {}) => ({
  name,
  version: 1,
  state: 'running',
  lag: { events: 0, seconds: 0 },
  applied: 20000,
  deadLetters: 0,
  waiting: 0,
  lastError: null,
  rebuild: null,
  ...overrides,
});
const letter = (overrides: object = {}) => ({
  id: 12,
  projection: 'account-transactions',
  status: 'open',
  streamId: 'account-1',
  revision: 1,
  type: 'ledger.account.money-deposited',
  error: 'error: duplicate key value violates unique constraint',
  attempts: 5,
  blockedBy: null,
  ...overrides,
});

describe('the ledger CLI', () => {
  it('projections status: a table, one line per projection, and why one failed', async () => {
    const { client } = fakeApi({
      'GET /projections': {
        status: 200,
        body: { items: [projection('account-summary'), projection('customer-portfolio', { state: 'failed', lag: { events: 42, seconds: null }, lastError: 'MongoServerSelectionError: down' })] },
      },
    });

    const output = await runCli(['projections', 'status'], client);

    expect(output).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        'PROJECTION          VERSION  STATE    LAG (EVENTS)  LAG (S)  APPLIED  DEAD LETTERS  WAITING',
        'account-summary           1  running             0      0.0    20000             0        0',
        'customer-portfolio        1  failed             42        -    20000             0        0',
        'customer-portfolio: MongoServerSelectionError: down',
      ].join('\n'),
    });
  });

  it('dead-letters list: passes the filters and shows what a waiting event waits behind', async () => {
    const { client, calls } = fakeApi({
      'GET /dead-letters?projection=account-transactions&status=all': {
        status: 200,
        body: { items: [letter(), letter({ id: 13, status: 'waiting', revision: 2, type: 'ledger.account.frozen', error: null, attempts: 0, blockedBy: 12 })] },
      },
    });

    const output = await runCli(['dead-letters', 'list', '--projection', 'account-transactions', '--status', 'all'], client);

    expect(calls).toEqual(['GET /dead-letters?projection=account-transactions&status=all']);
    expect(output.stdout.split('\n')).toEqual([
      'ID  PROJECTION            STATUS   STREAM     REV  TYPE                            ATTEMPTS  ERROR',
      '12  account-transactions  open     account-1    1  ledger.account.money-deposited         5  error: duplicate key value violates unique constraint',
      '13  account-transactions  waiting  account-1    2  ledger.account.frozen                  0  (waiting behind 12)',
    ]);
  });

  it('dead-letters retry: says what was released', async () => {
    const { client } = fakeApi({
      'POST /dead-letters/12/retry': { status: 200, body: { outcome: 'retried', released: 1, stillWaiting: 0, blockedBy: null, deadLetter: letter({ status: 'retried' }) } },
    });

    await expect(runCli(['dead-letters', 'retry', '12'], client)).resolves.toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'Dead letter 12 (account-transactions, account-1@1) retried; released 1 waiting event.',
    });
  });

  it('fails with exit code 1 and the problem\'s detail when the projector refuses', async () => {
    const { client } = fakeApi({
      'POST /dead-letters/13/skip': { status: 409, body: { code: 'DEAD_LETTER_NOT_OPEN', detail: 'Dead letter 13 is waiting behind an earlier one of its stream; retry or skip that one.' } },
    });

    await expect(runCli(['dead-letters', 'skip', '13'], client)).resolves.toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'error: Dead letter 13 is waiting behind an earlier one of its stream; retry or skip that one. (DEAD_LETTER_NOT_OPEN)',
    });
  });

  it('dead-letters skip --reason: the reason goes as a JSON body; without it no body is sent', async () => {
    const skipped = { status: 200, body: { outcome: 'skipped', released: 0, stillWaiting: 0, blockedBy: null, deadLetter: letter({ status: 'skipped' }) } };
    const { client, calls, sent } = fakeApi({ 'POST /dead-letters/12/skip': skipped });

    await expect(runCli(['dead-letters', 'skip', '12', '--reason', 'applied by hand, OPS-93'], client)).resolves.toMatchObject({
      exitCode: 0,
      stdout: 'Dead letter 12 (account-transactions, account-1@1) skipped; released 0 waiting events.',
    });
    await expect(runCli(['dead-letters', 'skip', '--reason', 'the same, flag first', '12'], client)).resolves.toMatchObject({ exitCode: 0 });
    await expect(runCli(['dead-letters', 'skip', '12'], client)).resolves.toMatchObject({ exitCode: 0 });

    expect(calls).toEqual(Array<string>(3).fill('POST /dead-letters/12/skip'));
    expect(sent).toEqual([
      { body: JSON.stringify({ reason: 'applied by hand, OPS-93' }), contentType: 'application/json' },
      { body: JSON.stringify({ reason: 'the same, flag first' }), contentType: 'application/json' },
      { body: undefined, contentType: undefined },
    ]);
  });

  it('refuses dead-letters skip lines it does not understand (exit 2), before calling the projector', async () => {
    const { client, calls } = fakeApi({});

    for (const args of [
      ['dead-letters', 'skip', '12', '--reason'],
      ['dead-letters', 'skip', '12', '--reason', '  '],
      ['dead-letters', 'skip', '--reason', 'why'],
      ['dead-letters', 'skip', '12', '13', '--reason', 'why'],
      ['dead-letters', 'skip', '12', '--because', 'why'],
    ]) {
      expect({ args, ...(await runCli(args, client)) }).toMatchObject({ args, exitCode: 2 });
    }
    expect(calls).toEqual([]);
  });

  it('fails with exit code 1 and says where it looked when the projector cannot be reached', async () => {
    const { client } = fakeApi({});

    const output = await runCli(['projections', 'status'], client);

    expect(output.exitCode).toBe(1);
    expect(output.stderr).toBe('error: cannot reach the projector at http://projector (connect ECONNREFUSED 127.0.0.1:3002); is it running? PROJECTOR_URL says where it listens');
  });

  it('fails with exit code 2 and the usage for a command line it does not understand', async () => {
    const { client, calls } = fakeApi({});

    for (const args of [['dead-letters', 'retry', 'abc'], ['projections'], ['dead-letters', 'list', '--colour', 'red'], ['rebuild']]) {
      const output = await runCli(args, client);
      expect(output.exitCode).toBe(2);
      expect(output.stderr).toContain('Usage: npm run ledger -- <command>');
    }
    expect(calls).toEqual([]);
  });
});

describe('ledger migrate', () => {
  const outcome = (title: string, schema: string, migrations: string[] = [], checksums: string[] = []): SchemaOutcome => ({ title, schema, migrations, checksums });
  /** A migration step in memory: answers `outcomes`, or throws `failure`; records whether each call was a dry run. */
  function fakeMigrator(answer: SchemaOutcome[] | Error) {
    const dryRuns: boolean[] = [];
    const migrate = (dryRun: boolean) => {
      dryRuns.push(dryRun);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
    return { migrate, dryRuns };
  }
  const { client, calls } = fakeApi({});

  it('prints, per schema, the migrations it applied in order or "up to date", and exits 0', async () => {
    const { migrate, dryRuns } = fakeMigrator([
      outcome('event store', 'event_store'),
      outcome('relay checkpoints', 'event_relay', ['0001_checkpoints.sql']),
      outcome('read models', 'read_models', ['0008_dead_letter_resolution.sql', '0009_projection_generations.sql'], ['0001_projection_runtime.sql']),
    ]);

    await expect(runCli(['migrate'], client, undefined, { migrate })).resolves.toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        'event store (schema event_store): up to date',
        'relay checkpoints (schema event_relay): applied 1 migration',
        '  0001_checkpoints.sql',
        'read models (schema read_models): applied 2 migrations',
        '  0008_dead_letter_resolution.sql',
        '  0009_projection_generations.sql',
        '  recorded the checksums of 1 migration that ran before checksums were kept',
      ].join('\n'),
    });
    expect(dryRuns).toEqual([false]);
    expect(calls).toEqual([]);
  });

  it('--dry-run lists the pending migrations and says nothing was applied', async () => {
    const { migrate, dryRuns } = fakeMigrator([outcome('event store', 'event_store', [], ['0001_events.sql', '0002_notify.sql']), outcome('read models', 'read_models', ['0009_projection_generations.sql'])]);

    const output = await runCli(['migrate', '--dry-run'], client, undefined, { migrate });

    expect(output.exitCode).toBe(0);
    expect(output.stdout.split('\n')).toEqual([
      'event store (schema event_store): up to date',
      '  would record the checksums of 2 migrations that ran before checksums were kept',
      'read models (schema read_models): 1 migration pending',
      '  0009_projection_generations.sql',
      'Dry run: nothing was applied.',
    ]);
    expect(dryRuns).toEqual([true]);
  });

  it('an edited migration: exit 1 with the checksum error, naming the schema, the migration and both checksums', async () => {
    const edited = new EditedMigrationsError('read_models', [{ name: '0002_account_read_models.sql', recordedChecksum: 'a'.repeat(64), fileChecksum: 'b'.repeat(64) }]);
    const { migrate } = fakeMigrator(new MigrationStepFailed([], { title: 'read models', schema: 'read_models', migrations: '/migrations' }, edited));

    const output = await runCli(['migrate'], client, undefined, { migrate });

    expect(output).toEqual({ exitCode: 1, stdout: '', stderr: `error: read models: ${edited.message}` });
    expect(output.stderr).toContain(`0002_account_read_models.sql (recorded sha256 ${'a'.repeat(64)}, file sha256 ${'b'.repeat(64)})`);
  });

  it('a step that stopped half way prints what it applied before the error, and exits 1', async () => {
    const done = [outcome('event store', 'event_store', ['0007_positions_in_commit_order.sql'])];
    const { migrate } = fakeMigrator(new MigrationStepFailed(done, { title: 'read models', schema: 'read_models', migrations: '/migrations' }, new Error('connect ECONNREFUSED 127.0.0.1:55432')));

    await expect(runCli(['migrate'], client, undefined, { migrate })).resolves.toEqual({
      exitCode: 1,
      stdout: 'event store (schema event_store): applied 1 migration\n  0007_positions_in_commit_order.sql',
      stderr: 'error: read models, schema "read_models": connect ECONNREFUSED 127.0.0.1:55432',
    });
  });

  it('refuses other options (exit 2) before migrating anything', async () => {
    const { migrate, dryRuns } = fakeMigrator([]);

    for (const args of [['migrate', '--force'], ['migrate', 'read_models'], ['migrate', '--dry-run', '--dry-run']]) {
      const output = await runCli(args, client, undefined, { migrate });
      expect(output.exitCode).toBe(2);
      expect(output.stderr).toContain('migrate [--dry-run]');
    }
    expect(dryRuns).toEqual([]);
  });
});

const rebuildId = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const rebuildUrl = `/projections/account-summary/rebuilds/${rebuildId}`;
const rebuild = (overrides: object = {}) => ({
  rebuildId,
  projection: 'account-summary',
  state: 'running',
  processed: 0,
  total: 200_000,
  eventsPerSecond: 0,
  etaSeconds: null,
  error: null,
  reason: 'requested',
  version: 1,
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: null,
  ...overrides,
});
const started = { status: 202, body: { rebuildId, state: 'running' } };
const polls = (...bodies: object[]) => bodies.map((body) => ({ status: 200, body }));

/** A terminal (or a CI log) and a clock that sleeps by moving on: every write, no waiting. */
function fakeIo(isTTY: boolean) {
  const writes: string[] = [];
  let now = 0;
  const io: CliIo = {
    progress: { isTTY, write: (text) => void writes.push(text) },
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
  return { io, writes };
}

describe('the ledger CLI: rebuilds', () => {
  const twoHundredThousandIn = (seconds: number) => rebuild({ state: 'completed', processed: 200_000, etaSeconds: 0, eventsPerSecond: 14_085, finishedAt: `2025-01-01T10:00:${seconds}Z` });

  it('projections rebuild: starts it, logs progress at most every 2 s when not on a terminal, then says the new read model is live', async () => {
    const { client, calls } = fakeApi({
      'POST /projections/account-summary/rebuilds': started,
      [`GET ${rebuildUrl}`]: polls(
        rebuild(),
        rebuild({ processed: 20_000, eventsPerSecond: 40_000, etaSeconds: 5 }),
        rebuild({ processed: 40_000, eventsPerSecond: 40_000, etaSeconds: 4 }),
        rebuild({ processed: 60_000, eventsPerSecond: 40_000, etaSeconds: 4 }),
        rebuild({ processed: 100_000, eventsPerSecond: 12_345, etaSeconds: 8 }),
        rebuild({ state: 'swapping', processed: 199_000, eventsPerSecond: 12_345, etaSeconds: 1 }),
        twoHundredThousandIn(14.2),
      ),
    });
    const { io, writes } = fakeIo(false);

    const output = await runCli(['projections', 'rebuild', 'account-summary'], client, io);

    expect(output).toEqual({ exitCode: 0, stderr: '', stdout: 'account-summary rebuilt: 200,000 events in 14.2 s; the new read model is live.' });
    expect(calls).toEqual(['POST /projections/account-summary/rebuilds', ...Array<string>(7).fill(`GET ${rebuildUrl}`)]);
    // Polled every 500 ms: written at 0 s and 2 s, and the end.
    expect(writes).toEqual([
      'account-summary [--------------------]   0%  0/200,000 events  0 ev/s  ETA -\n',
      'account-summary [##########----------]  50%  100,000/200,000 events  12,345 ev/s  ETA 8s\n',
      'account-summary [####################] 100%  200,000/200,000 events  14,085 ev/s  ETA 0s\n',
    ]);
  });

  it('projections rebuild on a terminal: one line redrawn in place, left on its own line at the end', async () => {
    const { client } = fakeApi({
      'POST /projections/account-summary/rebuilds': started,
      [`GET ${rebuildUrl}`]: polls(rebuild({ processed: 100_000, eventsPerSecond: 12_345, etaSeconds: 8 }), twoHundredThousandIn(14.2)),
    });
    const { io, writes } = fakeIo(true);

    await expect(runCli(['projections', 'rebuild', 'account-summary'], client, io)).resolves.toMatchObject({ exitCode: 0 });

    expect(writes).toEqual([
      '\raccount-summary [##########----------]  50%  100,000/200,000 events  12,345 ev/s  ETA 8s\u001b[K',
      '\raccount-summary [####################] 100%  200,000/200,000 events  14,085 ev/s  ETA 0s\u001b[K\n',
    ]);
  });

  it('projections rebuild: a failed rebuild exits 1 with its error, and says the live read model is unchanged', async () => {
    const error = 'event at position 1042 (account-7 revision 3, ledger.account.money-deposited) cannot be applied: bad amount';
    const { client } = fakeApi({
      'POST /projections/account-summary/rebuilds': started,
      [`GET ${rebuildUrl}`]: polls(rebuild({ processed: 1_000 }), rebuild({ state: 'failed', processed: 1_000, error, finishedAt: '2025-01-01T10:00:03Z' })),
    });
    const { io, writes } = fakeIo(false);

    const output = await runCli(['projections', 'rebuild', 'account-summary'], client, io);

    expect(output).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `error: the rebuild ${rebuildId} of account-summary failed: ${error}\nThe live read model is unchanged.`,
    });
    expect(writes).toHaveLength(1);
  });

  it('projections rebuild: an abandoned rebuild exits 1 and says why', async () => {
    const error = 'the projection is now version 2; a new rebuild replaces this one';
    const { client } = fakeApi({
      'POST /projections/account-summary/rebuilds': started,
      [`GET ${rebuildUrl}`]: polls(rebuild({ state: 'abandoned', error })),
    });

    const output = await runCli(['projections', 'rebuild', 'account-summary'], client, fakeIo(false).io);

    expect(output).toMatchObject({ exitCode: 1, stderr: `error: the rebuild ${rebuildId} of account-summary was abandoned: ${error}` });
  });

  it('projections rebuild while one runs (409): exits 1, names the running rebuild and how to follow it', async () => {
    const { client, calls } = fakeApi({
      'POST /projections/account-summary/rebuilds': {
        status: 409,
        body: { code: 'REBUILD_IN_PROGRESS', detail: 'A rebuild of account-summary is already running', rebuildId },
      },
    });

    const output = await runCli(['projections', 'rebuild', 'account-summary'], client, fakeIo(false).io);

    expect(output).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: [
        `error: a rebuild of account-summary is already running: ${rebuildId}`,
        `Follow it with: npm run ledger -- projections rebuild-status account-summary ${rebuildId} --follow`,
      ].join('\n'),
    });
    expect(calls).toEqual(['POST /projections/account-summary/rebuilds']);
  });

  it('projections rebuild --no-wait: prints the id only', async () => {
    const { client, calls } = fakeApi({ 'POST /projections/account-summary/rebuilds': started });

    await expect(runCli(['projections', 'rebuild', 'account-summary', '--no-wait'], client)).resolves.toEqual({ exitCode: 0, stderr: '', stdout: rebuildId });
    expect(calls).toHaveLength(1);
  });

  it('projections rebuild-status: one progress line and the state; --follow follows it to its end', async () => {
    const { client } = fakeApi({
      [`GET ${rebuildUrl}`]: polls(rebuild({ processed: 90_000, eventsPerSecond: 10_000, etaSeconds: 11 }), rebuild({ processed: 150_000 }), twoHundredThousandIn(20)),
    });

    await expect(runCli(['projections', 'rebuild-status', 'account-summary', rebuildId], client)).resolves.toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'account-summary [#########-----------]  45%  90,000/200,000 events  10,000 ev/s  ETA 11s\nstate: running',
    });
    await expect(runCli(['projections', 'rebuild-status', 'account-summary', rebuildId, '--follow'], client, fakeIo(false).io)).resolves.toMatchObject({
      exitCode: 0,
      stdout: 'account-summary rebuilt: 200,000 events in 20.0 s; the new read model is live.',
    });
  });

  it('projections rebuild-status: a lost connection while following says the rebuild goes on and how to re-attach', async () => {
    const { client } = fakeApi({});

    const output = await runCli(['projections', 'rebuild-status', 'account-summary', rebuildId, '--follow'], client, fakeIo(false).io);

    expect(output.exitCode).toBe(1);
    expect(output.stderr).toContain(`The rebuild goes on without this terminal; follow it again with: npm run ledger -- projections rebuild-status account-summary ${rebuildId} --follow`);
  });

  it('projections status: the rebuilding state, and a line for the running rebuild under the table', async () => {
    const { client } = fakeApi({
      'GET /projections': {
        status: 200,
        body: {
          items: [
            projection('account-summary', { state: 'rebuilding', rebuild: { id: rebuildId, state: 'running', processed: 90_000, total: 200_000, eventsPerSecond: 12_000, etaSeconds: 9 } }),
            projection('customer-portfolio'),
          ],
        },
      },
    });

    const output = await runCli(['projections', 'status'], client);

    expect(output.stdout.split('\n')).toEqual([
      'PROJECTION          VERSION  STATE       LAG (EVENTS)  LAG (S)  APPLIED  DEAD LETTERS  WAITING',
      'account-summary           1  rebuilding             0      0.0    20000             0        0',
      'customer-portfolio        1  running                0      0.0    20000             0        0',
      'account-summary: rebuilding 45% (90,000/200,000), ETA 9s',
    ]);
  });

  it('refuses rebuild command lines it does not understand (exit 2), before calling the projector', async () => {
    const { client, calls } = fakeApi({});

    for (const args of [
      ['projections', 'rebuild'],
      ['projections', 'rebuild', 'account-summary', '--follow'],
      ['projections', 'rebuild', 'account-summary', '--no-wait', '--no-wait'],
      ['projections', 'rebuild-status', 'account-summary'],
      ['projections', 'rebuild-status', 'account-summary', 'not-a-uuid'],
    ]) {
      expect(await runCli(args, client)).toMatchObject({ exitCode: 2 });
    }
    expect(calls).toEqual([]);
  });
});

describe('renderRebuildProgress', () => {
  const view = (overrides: object = {}) => ({ projection: 'account-summary', processed: 0, total: 200_000, eventsPerSecond: 0, etaSeconds: null, ...overrides });

  it('at 0%, halfway, nearly done (rounded down: 100% means done) and done', () => {
    expect(renderRebuildProgress(view({ etaSeconds: 30 }), 20)).toBe('account-summary [--------------------]   0%  0/200,000 events  0 ev/s  ETA 30s');
    expect(renderRebuildProgress(view({ processed: 100_000, eventsPerSecond: 12_345, etaSeconds: 8 }), 20)).toBe(
      'account-summary [##########----------]  50%  100,000/200,000 events  12,345 ev/s  ETA 8s',
    );
    expect(renderRebuildProgress(view({ processed: 199_999, eventsPerSecond: 1_000, etaSeconds: 1 }), 10)).toBe(
      'account-summary [#########-]  99%  199,999/200,000 events  1,000 ev/s  ETA 1s',
    );
    expect(renderRebuildProgress(view({ processed: 200_000, etaSeconds: 0 }), 10)).toBe('account-summary [##########] 100%  200,000/200,000 events  0 ev/s  ETA 0s');
  });

  it('an unknown ETA (no rate measured yet) is a dash; long ones read in minutes and hours', () => {
    expect(renderRebuildProgress(view({ processed: 5_000 }), 20)).toMatch(/ETA -$/);
    expect(renderRebuildProgress(view({ etaSeconds: 125 }), 20)).toMatch(/ETA 2m05s$/);
    expect(renderRebuildProgress(view({ etaSeconds: 3_720 }), 20)).toMatch(/ETA 1h02m$/);
  });

  it('an empty store (total 0) is done at once, not a division by zero', () => {
    expect(renderRebuildProgress(view({ total: 0, etaSeconds: 0 }), 20)).toBe('account-summary [####################] 100%  0/0 events  0 ev/s  ETA 0s');
  });

  it('narrows the bar to fit a narrow terminal, leaving the last column free', () => {
    const wide = fittedRebuildProgress(view({ processed: 100_000, eventsPerSecond: 12_345, etaSeconds: 8 }), undefined);
    const narrow = fittedRebuildProgress(view({ processed: 100_000, eventsPerSecond: 12_345, etaSeconds: 8 }), wide.length - 5);

    expect(narrow).toBe('account-summary [#######-------]  50%  100,000/200,000 events  12,345 ev/s  ETA 8s');
    expect(narrow.length).toBe(wide.length - 6);
  });
});

describe('renderTable', () => {
  it('pads to the widest cell, right-aligns numbers, leaves no trailing spaces', () => {
    const table = renderTable(
      [
        { header: 'NAME', value: (row: { name: string; n: number }) => row.name },
        { header: 'N', value: (row) => String(row.n), align: 'right' },
      ],
      [
        { name: 'a', n: 100 },
        { name: 'longer', n: 2 },
      ],
    );

    expect(table).toBe(['NAME      N', 'a       100', 'longer    2'].join('\n'));
  });
});
