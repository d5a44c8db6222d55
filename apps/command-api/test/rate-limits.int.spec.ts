import { bearerFor, freePort } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { dropSchema, startCommandApi, type CommandApiUnderTest, type HttpAnswer } from './command-api.harness';

const limit = 5;

/** Per-subject and per-address limits (API.md "Identity and access"), counted in the stack's Redis. */
describe('command API: rate limits', () => {
  let first: CommandApiUnderTest;
  let second: CommandApiUnderTest;

  beforeAll(async () => {
    first = await startCommandApi({ RATE_LIMIT_PER_MINUTE: String(limit), RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(limit) });
    second = await first.secondInstance();
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await dropSchema(first.schema);
  });

  // A deposit to an account that does not exist: 404 while within the limit, nothing written either way.
  const depositAs = (api: CommandApiUnderTest, headers: Record<string, string>): Promise<HttpAnswer> =>
    api.post(`/accounts/${randomUUID()}/deposits`, { amount: '1', currency: 'EUR' }, headers);

  it('holds one subject’s limit across two instances: the request after the limit is 429 RATE_LIMITED with Retry-After, whichever instance gets it', async () => {
    const subject = await bearerFor(`limited-${randomUUID()}`, ['teller']);
    const statuses: number[] = [];
    for (let request = 0; request < limit; request++) statuses.push((await depositAs(request % 2 === 0 ? first : second, subject)).status);
    const overFirst = await depositAs(first, subject);
    const overSecond = await depositAs(second, subject);

    expect(statuses).toEqual(Array.from({ length: limit }, () => 404));
    for (const answer of [overFirst, overSecond]) {
      expect({ status: answer.status, code: answer.body['code'], type: answer.headers.get('content-type') }).toEqual({
        status: 429,
        code: 'RATE_LIMITED',
        type: 'application/problem+json; charset=utf-8',
      });
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(answer.body['retryAfterSeconds']).toBe(retryAfter);
    }
  });

  it('counts each subject alone: another subject is served while the first is limited', async () => {
    const noisy = await bearerFor(`noisy-${randomUUID()}`, ['teller']);
    for (let request = 0; request <= limit; request++) await depositAs(first, noisy);

    expect((await depositAs(first, noisy)).status).toBe(429);
    expect((await depositAs(second, await bearerFor(`quiet-${randomUUID()}`, ['teller']))).status).toBe(404);
  });

  it('limits calls without a valid token by address, refused tokens included, and never /health', async () => {
    const answers: number[] = [];
    for (let request = 0; request < limit + 2; request++) {
      answers.push((await depositAs(request % 2 === 0 ? first : second, { authorization: request % 3 === 0 ? '' : 'Bearer not-a-token' })).status);
    }
    // Other files' anonymous calls count against the same address in the same minute, so the limit may come earlier.
    const firstLimited = answers.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThanOrEqual(limit);
    expect(answers.slice(0, firstLimited).every((status) => status === 401)).toBe(true);
    expect(answers.slice(firstLimited).every((status) => status === 429)).toBe(true);
    for (let probe = 0; probe < limit + 2; probe++) expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
  });

  it('serves while Redis is away, the limit then counted by each instance alone, reporting Redis down but optional on /health', async () => {
    const withoutRedis = await startCommandApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MINUTE: '2' }, first.schema);
    try {
      const subject = await bearerFor(`redis-away-${randomUUID()}`, ['teller']);
      const statuses: number[] = [];
      for (let request = 0; request < 3; request++) statuses.push((await depositAs(withoutRedis, subject)).status);
      const health = (await (await fetch(`${withoutRedis.url}/health/ready`)).json()) as { status: string; checks: Record<string, unknown> };

      expect(statuses).toEqual([404, 404, 429]);
      expect(health.status).toBe('up');
      expect(health.checks['redis']).toMatchObject({ status: 'down', optional: true });
    } finally {
      await withoutRedis.close();
    }
  });
});
