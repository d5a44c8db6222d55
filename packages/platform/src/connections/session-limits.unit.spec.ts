import { loadConfig } from '../config/load-config';
import { API_SESSION_LIMITS, databaseDirectUrlEnv, directDatabaseUrl, postgresEnv } from '../config/postgres-env';
import { env } from '../config/env';
import { configuredSessionLimits, sessionLimitDifferences } from './session-limits';

const schema = {
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger@127.0.0.1:56432/ledger'),
  ...databaseDirectUrlEnv(),
  ...postgresEnv(API_SESSION_LIMITS),
};

describe('the session limits a pool asks for, and what the server applies', () => {
  const configured = configuredSessionLimits(loadConfig(schema, {}));

  it('asks for the APIs’ limits by the names PostgreSQL reports them under', () => {
    expect(configured).toEqual({ statement_timeout: 5_000, lock_timeout: 2_000, idle_in_transaction_session_timeout: 10_000 });
  });

  it('finds nothing to say when the server applies them', () => {
    expect(sessionLimitDifferences(configured, { ...configured })).toEqual([]);
  });

  it('names each limit a pooler dropped (0: none) or changed', () => {
    expect(sessionLimitDifferences(configured, { statement_timeout: 0, lock_timeout: 2_000, idle_in_transaction_session_timeout: 60_000 })).toEqual([
      'statement_timeout: 0 ms (configured 5000 ms)',
      'idle_in_transaction_session_timeout: 60000 ms (configured 10000 ms)',
    ]);
  });
});

describe('DATABASE_DIRECT_URL', () => {
  it('is DATABASE_URL unless set: then DATABASE_URL must reach the server itself', () => {
    expect(directDatabaseUrl(loadConfig(schema, {}))).toBe('postgres://ledger@127.0.0.1:56432/ledger');
  });

  it('is the server behind the pooler when set', () => {
    expect(directDatabaseUrl(loadConfig(schema, { DATABASE_DIRECT_URL: 'postgres://ledger@127.0.0.1:55432/ledger' }))).toBe('postgres://ledger@127.0.0.1:55432/ledger');
  });

  it('is a PostgreSQL URL or refused', () => {
    expect(() => loadConfig(schema, { DATABASE_DIRECT_URL: 'mysql://127.0.0.1/ledger' })).toThrow(/DATABASE_DIRECT_URL/);
  });
});
