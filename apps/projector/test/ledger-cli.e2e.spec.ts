import { accountStreamId, encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { eventTopics, KafkaEventPublisher } from '@ledger/messaging';
import { deleteTopics, topicsWithPrefix, connectTestKafka } from '@ledger/messaging/testing';
import { bearerFor, freePort, startBuiltApp, stackToken, TEST_OPERATOR, type RunningApp } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { AccountFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';

const repoRoot = join(__dirname, '..', '..', '..');
const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const topicPrefix = `test-ledger-cli-${suffix}`;
const eventStoreSchema = `cli_es_${suffix}`;
const readModelSchema = `cli_rm_${suffix}`;
const mongoUrl = new URL(process.env['MONGODB_URL'] ?? '');
mongoUrl.pathname = `/cli_${suffix}`;
const kafka = connectTestKafka('ledger-cli-e2e');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run ledger -- <args>`, exactly as an operator types it: with an operator's token in LEDGER_TOKEN unless `env` says otherwise. */
async function ledger(args: readonly string[], projectorUrl: string, env: Record<string, string> = {}): Promise<CliRun> {
  const operatorToken = await stackToken({ subject: TEST_OPERATOR.subject, roles: TEST_OPERATOR.roles });
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'ledger', '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, PROJECTOR_URL: projectorUrl, LEDGER_TOKEN: operatorToken, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The CLI against the built projector, running its projections on the local stack. */
describe('npm run ledger', () => {
  let pool: Pool;
  let app: RunningApp;
  let publisher: KafkaEventPublisher;
  let store: PostgresEventStore;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
    await migrate(pool, eventStoreSchema);
    store = new PostgresEventStore({ pool, schema: eventStoreSchema });
    publisher = new KafkaEventPublisher({ kafka, topics: eventTopics(topicPrefix), partitions: 2 });
    await publisher.ensureCategoryTopics(['account']);
    app = await startBuiltApp({
      main: join(__dirname, '..', 'dist', 'main.js'),
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PROJECTOR_PORT: String(await freePort()),
        EVENT_STORE_SCHEMA: eventStoreSchema,
        READ_MODEL_SCHEMA: readModelSchema,
        MONGODB_URL: mongoUrl.href,
        PROJECTOR_TOPIC_PREFIX: topicPrefix,
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    await publisher.close();
    await deleteTopics(kafka, [...(await topicsWithPrefix(kafka, topicPrefix)), ...(await topicsWithPrefix(kafka, `ledger.dead-letters.${topicPrefix}`))]);
    const mongo = new MongoClient(mongoUrl.href);
    await mongo.db().dropDatabase();
    await mongo.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE; DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
    await pool.end();
  });

  const append = async (streamId: string, event: Pick<NewEvent, 'type' | 'data'>): Promise<RecordedEvent> => {
    const { nextExpectedRevision } = await store.appendToStream(streamId, [{ eventId: randomUUID(), schemaVersion: 1, metadata: {}, ...event }], { expectedRevision: 'any' });
    const [stored] = await store.readStream(streamId, { direction: 'forwards', fromRevision: nextExpectedRevision, maxCount: 1 });
    if (stored === undefined) throw new Error('not stored');
    return stored;
  };
  const appendEvent = (event: AccountEvent) => append(accountStreamId(event.accountId), encodeAccountEvent(event) as Pick<NewEvent, 'type' | 'data'>);
  const openDeadLetters = async () =>
    ((await (await fetch(`${app.url}/dead-letters?status=open&projection=account-summary`, { headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) })).json()) as {
      items: { id: number }[];
    }).items;

  it('projections status: a table of the four projections', async () => {
    const run = await eventually(() => ledger(['projections', 'status'], app.url), (result) => result.stdout.includes('running'));

    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^PROJECTION\s+VERSION\s+STATE\s+LAG \(EVENTS\)\s+LAG \(S\)\s+APPLIED\s+DEAD LETTERS\s+WAITING$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['account-summary', 'account-transactions', 'customer-portfolio', 'transfer-summary']);
  });

  // Before the next test appends its undecodable event: a rebuild applies every event of the store, and would fail on it.
  it('projections rebuild: progress on stderr, the outcome on stdout; --no-wait prints an id that rebuild-status follows', async () => {
    const account = new AccountFixture();
    await publisher.publish([await appendEvent(account.opened()), await appendEvent(account.frozen())]);

    const run = await ledger(['projections', 'rebuild', 'account-summary'], app.url);

    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toMatch(/^account-summary rebuilt: \d+ events in \d+\.\d s; the new read model is live\.$/);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^account-summary \[#{20}\] 100% {2}(\d+)\/\1 events {2}\d+ ev\/s {2}ETA 0s$/);

    const started = await ledger(['projections', 'rebuild', 'account-summary', '--no-wait'], app.url);
    const rebuildId = started.stdout.trim();
    expect(rebuildId).toMatch(/^[0-9a-f-]{36}$/);
    const followed = await ledger(['projections', 'rebuild-status', 'account-summary', rebuildId, '--follow'], app.url);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('the new read model is live');
  });

  it('dead-letters list, retry (refused while the event still cannot be read) and skip', async () => {
    const account = new AccountFixture();
    const events = [
      await appendEvent(account.opened()),
      await append(account.streamId, { type: 'ledger.account.money-deposited', data: { accountId: account.accountId, amountMinor: 'lots' } }),
      await appendEvent(account.frozen()),
    ];
    await publisher.publish(events);
    const [open] = await eventually(openDeadLetters, (items) => items.length === 1);
    const id = String(open?.id);

    const list = await ledger(['dead-letters', 'list', '--projection', 'account-summary'], app.url);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${id}\\s+account-summary\\s+open\\s+${account.streamId}\\s+1\\s+ledger.account.money-deposited\\s+1\\s+EventDecodeError`, 'm'));
    expect(list.stdout).toMatch(new RegExp(`account-summary\\s+waiting\\s+${account.streamId}\\s+2\\s+ledger.account.frozen\\s+0\\s+\\(waiting behind ${id}\\)`));

    const retry = await ledger(['dead-letters', 'retry', id], app.url);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toContain(`error: The retry of dead letter ${id} failed: EventDecodeError`);
    expect(retry.stderr).toContain('(DEAD_LETTER_RETRY_FAILED)');

    const skip = await ledger(['dead-letters', 'skip', id], app.url);
    expect(skip).toMatchObject({ code: 0 });
    expect(skip.stdout.trim()).toBe(`Dead letter ${id} (account-summary, ${account.streamId}@1) skipped; released 1 waiting event.`);
  });

  // After the test above: its undecodable deposit is in the store, and a rebuild applies every event of the store.
  it('projections rebuild fails with the event it cannot apply, exits 1, and leaves the live read model serving', async () => {
    const run = await ledger(['projections', 'rebuild', 'account-summary'], app.url);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/event at position \d+ \(account-[0-9a-f-]+ revision 1, ledger\.account\.money-deposited\) cannot be applied: .*EventDecodeError/);
    const status = await ledger(['projections', 'status'], app.url);
    expect(status.stdout).toMatch(/^account-summary\s+1\s+running\b/m);
  });

  it('token: prints an access token from the local provider that the projector accepts for the roles it names', async () => {
    const issued = await ledger(['token', '--sub', 'cli-operator', '--role', 'operator'], app.url);
    const status = await ledger(['projections', 'status'], app.url, { LEDGER_TOKEN: issued.stdout.trim() });

    expect(issued).toMatchObject({ code: 0, stderr: '' });
    expect(issued.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(issued.stdout.trim().split('.')[1] ?? '', 'base64url').toString('utf8'))).toMatchObject({ sub: 'cli-operator', roles: ['operator'], aud: 'ledger' });
    expect(status.code).toBe(0);
  });

  it('token: refuses an unknown role, a missing --sub, and any token in production configuration', async () => {
    expect(await ledger(['token', '--sub', 'x', '--role', 'admin'], app.url)).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown role admin') as unknown });
    expect(await ledger(['token', '--role', 'operator'], app.url)).toMatchObject({ code: 2, stderr: expect.stringContaining('token needs --sub') as unknown });
    const production = await ledger(['token', '--sub', 'x', '--role', 'operator'], app.url, { NODE_ENV: 'production' });
    expect(production).toMatchObject({ code: 1, stdout: '' });
    expect(production.stderr).toContain('token is for development only (NODE_ENV=production)');
  });

  it('without LEDGER_TOKEN says how to get one, and with a teller’s token is refused: exit 1 both times', async () => {
    const anonymous = await ledger(['projections', 'status'], app.url, { LEDGER_TOKEN: '' });
    const teller = await ledger(['projections', 'status'], app.url, { LEDGER_TOKEN: await stackToken({ subject: 'cli-teller', roles: ['teller'] }) });

    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('(UNAUTHENTICATED); set LEDGER_TOKEN to an operator\'s access token');
    expect(teller.code).toBe(1);
    expect(teller.stderr).toContain('(FORBIDDEN)');
  });

  it('says clearly when the projector is not there, and exits 1', async () => {
    const run = await ledger(['projections', 'status'], `http://127.0.0.1:${await freePort()}`);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: cannot reach the projector at http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED [^)]+\); is it running\? PROJECTOR_URL says where it listens/);
  });
});
