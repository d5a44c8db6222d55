import { migrate, PostgresCommandIdempotency } from '@ledger/event-store/postgres';
import { createLogger } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { IdempotencyKeyCleanup } from '../src/event-store/idempotency-key-cleanup';

describe('idempotency key cleanup', () => {
  const schema = `key_cleanup_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const logLines: string[] = [];
  const logger = createLogger({ app: 'test', level: 'info', destination: { write: (line: string) => void logLines.push(line) } });

  beforeAll(() => migrate(pool, schema));
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const keysLeft = async () => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".idempotency_keys`)).rows[0]?.n);

  it('deletes expired keys, keeps live ones, and logs how many went', async () => {
    const expiring = new PostgresCommandIdempotency({ pool, schema, timeToLiveMs: 1 });
    const live = new PostgresCommandIdempotency({ pool, schema, timeToLiveMs: 86_400_000 });
    const work = () => Promise.resolve({ ok: true });
    for (let i = 0; i < 3; i++) await expiring.execute({ key: `old-${i}`, fingerprint: 'f' }, work);
    await live.execute({ key: 'fresh', fingerprint: 'f' }, work);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const deleted = await new IdempotencyKeyCleanup(live, logger).deleteExpired();

    expect(deleted).toBe(3);
    expect(await keysLeft()).toBe(1);
    expect(logLines.some((line) => line.includes('"deleted":3'))).toBe(true);
  });

  it('logs a failure and lets the next round try again instead of crashing', async () => {
    const broken = { execute: () => Promise.reject(new Error('unused')), deleteExpired: () => Promise.reject(new Error('database away')) };

    expect(await new IdempotencyKeyCleanup(broken, logger).deleteExpired()).toBe(0);
    expect(logLines.some((line) => line.includes('idempotency key cleanup failed'))).toBe(true);
  });
});
