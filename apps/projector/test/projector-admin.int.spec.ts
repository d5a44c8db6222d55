import { LOCAL_REDIS_URL } from '@ledger/platform';
import { accountSummaryCacheKey } from '@ledger/projections/accounts';
import { lockProjection } from '@ledger/projections/postgres';
import { Redis } from 'ioredis';
import { bearerFor, pagesOfSize, TEST_OPERATOR, walkPages } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { AccountFixture } from '@ledger/domain/testing';
import { TransferFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';
import { projectorUnderTest, type HttpAnswer, type ProjectorUnderTest } from './support/projector-under-test';

/** Every projection the projector runs by default, with its version. */
const versions: Record<string, number> = { 'account-summary': 1, 'account-transactions': 2, 'customer-portfolio': 1, 'transfer-summary': 1 };
const projectionNames = Object.keys(versions);
type Item = Record<string, unknown> & { lag: { events: number | null; seconds: number | null } };
const itemsOf = (answer: HttpAnswer) => answer.body['items'] as Item[];

/** The admin endpoints of API.md ("Projector admin") over HTTP, with the projections running on the local stack. */
describe('projector admin API', () => {
  let projector: ProjectorUnderTest;
  // The query cache's Redis, where the projector invalidates the query API's account views.
  const redisUrl = process.env['REDIS_URL'] ?? LOCAL_REDIS_URL;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });

  beforeAll(async () => {
    projector = await projectorUnderTest({ REDIS_URL: redisUrl });
  });
  afterAll(async () => {
    await projector.dispose();
    await redis.quit();
  });

  const projections = () => projector.get('/projections').then(itemsOf);
  const caughtUp = (applied: number) => (items: Item[]) => items.length === projectionNames.length && items.every((item) => item.lag.events === 0 && Number(item['applied']) >= applied);
  const deadLetters = async (query: string) => itemsOf(await projector.get(`/dead-letters?${query}`));
  const summaryRevision = async (account: AccountFixture) =>
    (await projector.pool.query<{ revision: string }>(`SELECT revision FROM "${projector.readModelSchema}".account_summary WHERE account_id = $1`, [account.accountId])).rows[0]?.revision;
  const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
    expect({ status: answer.status, code: answer.body['code'] }).toEqual({ status, code });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('GET /projections: every projection with its version, state, lag in events and seconds, applied and dead letters', async () => {
    const accounts = [new AccountFixture(), new AccountFixture()];
    for (const account of accounts) await projector.publish([account.opened(), account.deposited(100n, 100n), account.frozen()]);
    const transfer = new TransferFixture(new AccountFixture(), new AccountFixture(), 40n, 'lunch');
    await projector.publish([transfer.from.opened(), transfer.from.deposited(100n, 100n), transfer.to.opened(), transfer.requested(), transfer.debited()]);
    await projector.publish([transfer.debit(60n), transfer.credit(40n), transfer.completed()]);

    const items = await eventually(projections, caughtUp(3));

    expect(items.map((item) => item['name'])).toEqual(projectionNames);
    for (const item of items) {
      expect(item).toMatchObject({ version: versions[String(item['name'])], state: 'running', lag: { events: 0, seconds: 0 }, deadLetters: 0, waiting: 0 });
      // One consumer group for all of them: each topic is fetched once and handed to the projections reading it.
      expect(item['groupId']).toBe(`${projector.env['PROJECTOR_TOPIC_PREFIX']}.projector`);
    }
    expect(items.find((item) => item['name'] === 'transfer-summary')).toMatchObject({ applied: 3, topics: [`${projector.env['PROJECTOR_TOPIC_PREFIX']}.transfer`] });
    const { rows } = await projector.pool.query(`SELECT status, revision::text FROM "${projector.readModelSchema}".transfer_summary WHERE transfer_id = $1`, [transfer.transferId]);
    expect(rows).toEqual([{ status: 'completed', revision: '2' }]);
  });

  it('a poison event: listed with its error and attempts, its later events waiting; retry fails until the cause is fixed, then releases them', async () => {
    const account = new AccountFixture();
    // The cause: a row in the way of the deposit's row (as a bad manual fix or a bug would leave).
    await projector.pool.query(
      `INSERT INTO "${projector.readModelSchema}".account_transactions VALUES ($1, 1, 'deposit', 1, 'EUR', 1, 'in the way', now())`,
      [account.accountId],
    );
    await projector.publish([account.opened(), account.deposited(100n, 100n), account.frozen()]);

    const [open, waiting] = await eventually(() => deadLetters('projection=account-transactions'), (items) => items.length === 2);
    expect(open).toMatchObject({ projection: 'account-transactions', status: 'open', streamId: account.streamId, revision: 1, type: 'ledger.account.money-deposited', attempts: 2 });
    expect(open?.['error']).toMatch(/duplicate key value/);
    expect(waiting).toMatchObject({ status: 'waiting', revision: 2, attempts: 0, blockedBy: open?.['id'] });
    // The other read models are not held up.
    await eventually(() => summaryRevision(account), (revision) => revision === '2');
    expect(await eventually(projections, (items) => items[1]?.['deadLetters'] === 1)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'account-transactions', deadLetters: 1, waiting: 1 })]),
    );

    expectProblem(await projector.post(`/dead-letters/${String(waiting?.['id'])}/retry`), 409, 'DEAD_LETTER_NOT_OPEN');
    const stillBroken = await projector.post(`/dead-letters/${String(open?.['id'])}/retry`);
    expectProblem(stillBroken, 422, 'DEAD_LETTER_RETRY_FAILED');
    expect(stillBroken.body).toMatchObject({ attempts: 3 });

    await projector.pool.query(`DELETE FROM "${projector.readModelSchema}".account_transactions WHERE account_id = $1`, [account.accountId]);
    const retried = await projector.post(`/dead-letters/${String(open?.['id'])}/retry`);

    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'retried', released: 1, stillWaiting: 0, blockedBy: null, deadLetter: { status: 'retried', attempts: 3 } });
    const { rows } = await projector.pool.query<{ revision: string; reference: string | null }>(
      `SELECT revision, reference FROM "${projector.readModelSchema}".account_transactions WHERE account_id = $1`,
      [account.accountId],
    );
    expect(rows).toEqual([{ revision: '1', reference: null }]);
    expect(await deadLetters('projection=account-transactions')).toEqual([]);
    const resolved = await deadLetters('projection=account-transactions&status=all');
    expect(resolved.map((item) => item['status'])).toEqual(['retried', 'released']);
    // The operator's retry is recorded as theirs; the release that followed was nobody's decision.
    expect(resolved.map((item) => item['resolution'])).toEqual([{ by: TEST_OPERATOR.subject, reason: null, at: resolved[0]?.['resolvedAt'] }, null]);
  });

  it('skip: an undecodable event is marked handled in every projection, the events waiting behind it are applied, and the query cache invalidated', async () => {
    const account = new AccountFixture();
    await projector.publish([account.opened()]);
    await projector.publishRaw(account.streamId, 'ledger.account.money-deposited', { accountId: account.accountId, amountMinor: 'NaN' });
    await projector.publish([account.frozen()]);

    const open = await eventually(
      async () => (await deadLetters('status=open')).filter((item) => item['streamId'] === account.streamId),
      (items) => items.length === 3,
    );
    const reason = 'amount was NaN; deposit re-entered by hand (OPS-93) — skipped';
    for (const [index, letter] of open.entries()) {
      // The first with a reason, the others without: the body is optional.
      const skipped = await projector.post(`/dead-letters/${String(letter['id'])}/skip`, index === 0 ? { reason } : undefined);
      expect(skipped.status).toBe(200);
      expect(skipped.body).toMatchObject({ outcome: 'skipped', released: 1, deadLetter: { status: 'skipped' } });
    }
    expect(await summaryRevision(account)).toBe('2');
    // The release changed the account's summary outside a live batch: the query API's cached view of it is invalidated all the same.
    expect(await redis.hgetall(accountSummaryCacheKey(account.accountId))).toEqual({ revision: '2' });
    expectProblem(await projector.post(`/dead-letters/${String(open[0]?.['id'])}/skip`), 409, 'DEAD_LETTER_NOT_OPEN');

    // Who skipped it and why, on the list as on the entry.
    const skipped = (await deadLetters('status=skipped&limit=500')).filter((item) => item['streamId'] === account.streamId);
    expect(skipped.map((item) => item['resolution'])).toEqual([
      { by: TEST_OPERATOR.subject, reason, at: skipped[0]?.['resolvedAt'] },
      { by: TEST_OPERATOR.subject, reason: null, at: skipped[1]?.['resolvedAt'] },
      { by: TEST_OPERATOR.subject, reason: null, at: skipped[2]?.['resolvedAt'] },
    ]);
    expect(skipped[0]?.['resolvedAt']).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it.each([
    ['over 500 characters', { reason: 'x'.repeat(501) }],
    ['empty', { reason: '' }],
    ['blank', { reason: '   ' }],
    ['with a control character', { reason: 'bad\u0007bell' }],
    ['with a line break', { reason: 'two\nlines' }],
    ['not a string', { reason: 42 }],
    ['with another field', { reason: 'ok', force: true }],
  ])('POST /dead-letters/{id}/skip with a reason %s: 400 naming the field, before the dead letter is even looked up', async (_, body) => {
    const answer = await projector.post('/dead-letters/987654321/skip', body);

    expectProblem(answer, 400, 'VALIDATION_FAILED');
    const fields = (answer.body['errors'] as { field: string }[]).map((error) => error.field);
    expect([...new Set(fields)]).toEqual(['force' in body ? 'force' : 'reason']);
  });

  it('POST /dead-letters/{id}/skip takes a reason of exactly 500 characters, and a null body is still refused', async () => {
    expectProblem(await projector.post('/dead-letters/987654321/skip', { reason: 'é'.repeat(500) }), 404, 'DEAD_LETTER_NOT_FOUND');
    expectProblem(await projector.post('/dead-letters/987654321/skip', null), 400, 'VALIDATION_FAILED');
  });

  it('404 for an unknown dead letter or projection, 400 for a malformed id or filter', async () => {
    expectProblem(await projector.post('/dead-letters/987654321/retry'), 404, 'DEAD_LETTER_NOT_FOUND');
    expectProblem(await projector.post('/projections/no-such-projection/pause'), 404, 'PROJECTION_NOT_FOUND');
    expectProblem(await projector.post('/dead-letters/abc/skip'), 400, 'VALIDATION_FAILED');
    expectProblem(await projector.get('/dead-letters?status=lost'), 400, 'VALIDATION_FAILED');
    // NUL (which PostgreSQL cannot take as text) or another control character: 400, not 500.
    expectProblem(await projector.get('/dead-letters?projection=account-summary%00'), 400, 'VALIDATION_FAILED');
    expectProblem(await projector.get('/dead-letters?projection=%1B%5B2J'), 400, 'VALIDATION_FAILED');
  });

  // Issue 14: `1e20` reached PostgreSQL as a dead-letter id.
  it.each(['1e20', '-1', '0', '1.5', '0x10', '%EF%BC%91', '9007199254740992', '9223372036854775808', '100000000000000000000'])(
    'POST /dead-letters/%s/retry and /skip: 400 naming the id, nothing touched',
    async (id) => {
      for (const action of ['retry', 'skip']) {
        const answer = await projector.post(`/dead-letters/${id}/${action}`);
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(answer.body['errors']).toEqual([expect.objectContaining({ field: 'id' })]);
      }
    },
  );

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=1e2', 'limit'],
    ['after=-1', 'after'],
    ['after=1e20', 'after'],
    ['after=9007199254740992', 'after'],
  ])('GET /dead-letters?%s: 400 naming the parameter', async (query, field) => {
    const answer = await projector.get(`/dead-letters?${query}`);

    expectProblem(answer, 400, 'VALIDATION_FAILED');
    expect(answer.body['errors']).toEqual([expect.objectContaining({ field })]);
  });

  it('is for operators alone: every admin endpoint answers 401 without a token and 403 to customers and tellers, and nothing is done', async () => {
    const routes = [
      ['GET', '/projections'],
      ['POST', '/projections/account-summary/pause'],
      ['POST', '/projections/account-summary/resume'],
      ['POST', '/projections/account-summary/rebuilds'],
      ['GET', `/projections/account-summary/rebuilds/${randomUUID()}`],
      ['GET', '/dead-letters'],
      ['POST', '/dead-letters/1/retry'],
      ['POST', '/dead-letters/1/skip'],
    ] as const;
    const callers = [
      [{}, 401, 'UNAUTHENTICATED'],
      [await bearerFor('cust-admin', ['customer']), 403, 'FORBIDDEN'],
      [await bearerFor('teller-admin', ['teller']), 403, 'FORBIDDEN'],
    ] as const;
    for (const [method, url] of routes) {
      for (const [headers, status, code] of callers) {
        const response = await projector.app.inject({ method, url, headers });
        expect({ method, url, status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ method, url, status, code });
      }
    }
    expect(itemsOf(await projector.get('/projections')).map((item) => item['state'])).not.toContain('paused');
    expect(itemsOf(await projector.get('/projections')).map((item) => item['rebuild'])).toEqual(projectionNames.map(() => null));
  });

  it('GET /dead-letters takes its bounds: limit 500, after up to 2^53-1; the largest id is looked up', async () => {
    expect((await projector.get('/dead-letters?limit=500&after=9007199254740990')).body).toEqual({ items: [], nextAfter: null });
    expectProblem(await projector.post('/dead-letters/9007199254740991/retry'), 404, 'DEAD_LETTER_NOT_FOUND');
  });

  it('a JSON body sent to an admin POST is refused when nested over 32 levels or with a repeated member name, and nothing is done', async () => {
    const postJson = async (url: string, payload: string) => {
      const headers = { 'content-type': 'application/json', ...(await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles)) };
      const response = await projector.app.inject({ method: 'POST', url, payload, headers });
      return { status: response.statusCode, headers: response.headers, body: response.json<Record<string, unknown>>() };
    };

    const deep = await postJson('/projections/account-summary/pause', `{"x":${'['.repeat(3_000)}${']'.repeat(3_000)}}`);
    const repeated = await postJson('/projections/account-summary/pause', '{"reason":"a","\\u0072eason":"b"}');

    expectProblem(deep, 400, 'VALIDATION_FAILED');
    expectProblem(repeated, 400, 'VALIDATION_FAILED');
    expect(repeated.body['errors']).toEqual([{ field: 'reason', message: 'property reason appears more than once' }]);
    expect((await projections()).find((item) => item['name'] === 'account-summary')).toMatchObject({ state: 'running' });
  });

  it.each([1, 7, 13, 50, 200, 500])('GET /dead-letters pages 260 entries with limit=%i: oldest first, every page full but the last, none twice, none missed', async (limit) => {
    const projection = `paged-${limit}`;
    const { rows } = await projector.pool.query<{ id: string }>(
      `INSERT INTO "${projector.readModelSchema}".dead_letters (projection, dedupe_key, stream_id, revision, status, attempts, source_topic, record_headers)
       SELECT $1, 'key-' || n, 'account-paged', n, CASE WHEN n % 2 = 0 THEN 'open' ELSE 'skipped' END, 1, 'ledger.account', '{}'
         FROM generate_series(1, 260) AS n RETURNING id::text`,
      [projection],
    );
    const ids = rows.map((row) => Number(row.id));

    const pages = await walkPages(async (after) => {
      const answer = await projector.get(`/dead-letters?projection=${projection}&status=all&limit=${limit}${after === undefined ? '' : `&after=${after}`}`);
      const next = answer.body['nextAfter'] as number | null;
      return { items: itemsOf(answer).map((item) => item['id'] as number), next: next === null ? null : String(next) };
    }, ids.length + 1);

    expect(pages).toEqual(pagesOfSize(ids, limit));
  });

  it('pause and resume one projection on this instance: the others go on meanwhile, and it catches up after', async () => {
    const paused = await projector.post('/projections/customer-portfolio/pause');
    expect(paused.body).toMatchObject({ name: 'customer-portfolio', state: 'paused' });
    expect((await projections()).find((item) => item['name'] === 'customer-portfolio')).toMatchObject({ state: 'paused' });

    const account = new AccountFixture();
    await projector.publish([account.opened(), account.deposited(10n, 10n)]);
    await eventually(() => summaryRevision(account), (revision) => revision === '1');
    expect(await projector.mongo.db().collection<{ _id: string }>('customer_portfolios').findOne({ _id: account.ownerId })).toBeNull();
    expect((await projections()).find((item) => item['name'] === 'customer-portfolio')).toMatchObject({ lag: { events: 2 } });
    // Both events are on the account stream's one partition; the others of the topic are caught up.
    const scrape = (await projector.app.inject({ method: 'GET', url: '/metrics' })).body;
    const partitionLags = [...scrape.matchAll(/^ledger_projection_partition_lag_events\{projection="customer-portfolio",topic="[^"]+",partition="(\d+)",app="projector"\} (\d+)$/gm)].map((match) => Number(match[2]));
    expect(partitionLags.length).toBeGreaterThan(1);
    expect(partitionLags.filter((lag) => lag > 0)).toEqual([2]);
    expect(itemsOf(await projector.get('/projections'))[0]).not.toHaveProperty('partitions');
    const resumed = await projector.post('/projections/customer-portfolio/resume');

    expect(resumed.body).toMatchObject({ state: 'running' });
    await eventually(
      () => projector.mongo.db().collection<{ _id: string }>('customer_portfolios').findOne({ _id: account.ownerId }),
      (portfolio) => portfolio !== null,
    );
  });

  it('GET /metrics: lag, dead letters, state and events per projection', async () => {
    await eventually(projections, caughtUp(1));
    // Scrapes within a second share one set of reports: one taken while a projection was behind
    // (the pause test's) may still answer, so ask until the scrape has caught up too.
    const response = await eventually(
      () => projector.app.inject({ method: 'GET', url: '/metrics' }),
      (scrape) => scrape.body.includes('ledger_projection_lag_seconds{projection="customer-portfolio",app="projector"} 0'),
    );

    for (const line of [
      'ledger_projection_lag_events{projection="account-summary",app="projector"} 0',
      'ledger_projection_lag_seconds{projection="customer-portfolio",app="projector"} 0',
      'ledger_projection_dead_letters_open{projection="account-transactions",app="projector"} 0',
      'ledger_projection_state{projection="account-summary",state="running",app="projector"} 1',
    ]) {
      expect(response.body).toContain(line);
    }
    expect(response.body).toMatch(/ledger_projection_events_total\{projection="account-summary",outcome="applied",app="projector"\} \d+/);
    // Both of the projector's pools, PostgreSQL's and MongoDB's: the MongoDB one counts from the driver's pool events.
    expect(response.body).toMatch(/ledger_db_pool_max_connections\{pool="postgres",app="projector"\} [1-9]/);
    expect(response.body).toMatch(/ledger_db_pool_max_connections\{pool="mongodb",app="projector"\} [1-9]/);
    expect(response.body).toMatch(/ledger_projection_events_total\{projection="account-transactions",outcome="dead_lettered",app="projector"\} [1-9]\d*/);
    expect(response.body).toContain('ledger_projection_batch_duration_seconds_bucket');
  });

  it('GET /health: the read-model schema is a dependency like the connections', async () => {
    const health = await projector.get('/health');

    expect(health.status).toBe(200);
    expect(health.body['checks']).toMatchObject({ readModels: { status: 'up', details: { schema: projector.readModelSchema } } });
  });
});

/**
 * Blue-green rebuilds over HTTP (API.md, "Projector admin"), on a projector of their own, so the
 * event store holds exactly the events these tests append; small batches, so a rebuild takes many.
 */
describe('projector admin API: rebuilds', () => {
  const accounts = 100;
  const depositsPerAccount = 19;
  let projector: ProjectorUnderTest;

  beforeAll(async () => {
    projector = await projectorUnderTest({ PROJECTION_REBUILD_BATCH_SIZE: '100' });
  });
  afterAll(() => projector.dispose());

  const rebuildUrl = (id: unknown) => `/projections/account-summary/rebuilds/${String(id)}`;
  const summaryRows = async () =>
    (await projector.pool.query<{ revision: string }>(`SELECT revision FROM "${projector.readModelSchema}".account_summary`)).rows.map((row) => row.revision);
  const metrics = async () => (await projector.app.inject({ method: 'GET', url: '/metrics' })).body;
  const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
    expect({ status: answer.status, code: answer.body['code'] }).toEqual({ status, code });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  /** What a live batch of account-summary does while it applies: holds the projection's lock shared, so a swap waits for it. */
  async function holdLikeALiveBatch(): Promise<() => Promise<void>> {
    const client = await projector.pool.connect();
    await client.query('BEGIN');
    await lockProjection(client, projector.readModelSchema, 'account-summary', 'shared');
    return async () => {
      await client.query('COMMIT');
      client.release();
    };
  }

  it('POST starts one (202, id, Location); while it runs a second is refused (409); it completes with every event of the store applied', async () => {
    const appended = await projector.appendUnpublished(
      Array.from({ length: accounts }, () => new AccountFixture()).flatMap((account) => [
        account.opened(),
        ...Array.from({ length: depositsPerAccount }, (_, index) => account.deposited(100n, 100n * BigInt(index + 1))),
      ]),
    );
    // Never published: the live read model has none of it, only a rebuild from the store can.
    expect(await summaryRows()).toEqual([]);
    const release = await holdLikeALiveBatch();
    let started: HttpAnswer;
    try {
      started = await projector.post('/projections/account-summary/rebuilds');
      expect(started.status).toBe(202);
      expect(started.body['rebuildId']).toMatch(/^[0-9a-f-]{36}$/);
      expect(started.headers['location']).toBe(rebuildUrl(started.body['rebuildId']));

      // Every event copied, the swap waiting for the "live batch" to end.
      const swapping = await eventually(() => projector.get(rebuildUrl(started.body['rebuildId'])), (answer) => answer.body['state'] === 'swapping');
      expect(swapping.body).toMatchObject({ projection: 'account-summary', processed: appended, total: appended, reason: 'requested', version: 1, error: null, finishedAt: null });

      const second = await projector.post('/projections/account-summary/rebuilds');
      expectProblem(second, 409, 'REBUILD_IN_PROGRESS');
      expect(second.body['rebuildId']).toBe(started.body['rebuildId']);

      const listed = await projector.get('/projections');
      expect(itemsOf(listed).find((item) => item['name'] === 'account-summary')).toMatchObject({
        state: 'rebuilding',
        rebuild: { id: started.body['rebuildId'], state: 'swapping', processed: appended, total: appended },
      });
      const scrape = await eventually(metrics, (body) => body.includes('ledger_projection_rebuild_processed_events'));
      expect(scrape).toContain(`ledger_projection_rebuild_processed_events{projection="account-summary",app="projector"} ${appended}`);
      expect(scrape).toContain(`ledger_projection_rebuild_total_events{projection="account-summary",app="projector"} ${appended}`);
      expect(scrape).toContain('ledger_projection_state{projection="account-summary",state="rebuilding",app="projector"} 1');
    } finally {
      await release();
    }

    const done = await eventually(() => projector.get(rebuildUrl(started.body['rebuildId'])), (answer) => answer.body['state'] === 'completed');
    expect(done.body).toMatchObject({ processed: appended, total: appended, etaSeconds: 0, error: null });
    expect(done.body['finishedAt']).toEqual(expect.any(String));
    expect(await summaryRows()).toEqual(Array<string>(accounts).fill(String(depositsPerAccount)));
    await eventually(metrics, (body) => body.includes('ledger_projection_rebuilds_total{projection="account-summary",outcome="completed",app="projector"} 1'));
    expect(itemsOf(await projector.get('/projections')).find((item) => item['name'] === 'account-summary')).toMatchObject({ rebuild: null });
  });

  it('404 for an unknown projection or rebuild, 400 for a rebuild id that is not a UUID', async () => {
    expectProblem(await projector.post('/projections/no-such-projection/rebuilds'), 404, 'PROJECTION_NOT_FOUND');
    expectProblem(await projector.get(`/projections/no-such-projection/rebuilds/${randomUUID()}`), 404, 'PROJECTION_NOT_FOUND');
    const unknown = await projector.get(rebuildUrl(randomUUID()));
    expectProblem(unknown, 404, 'REBUILD_NOT_FOUND');
    const malformed = await projector.get(rebuildUrl('not-a-uuid'));
    expectProblem(malformed, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(malformed.body)).toContain('rebuildId must be a rebuild id (a UUID)');
  });
});
