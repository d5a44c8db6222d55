import { loadConfig } from '../config/load-config';
import { postgresEnv } from '../config/postgres-env';
import { env } from '../config/env';
import { CLIENT_ANSWER_MARGIN_MS, postgresPoolConfig } from './postgres.connection';

const schema = {
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger@127.0.0.1:55432/ledger'),
  ...postgresEnv({ statementTimeoutMs: 5_000, lockTimeoutMs: 2_000, idleInTransactionTimeoutMs: 10_000 }),
};

describe('the session limits of an app pool', () => {
  it("sends the app's defaults as session settings and bounds the client's wait just above the statement limit", () => {
    expect(postgresPoolConfig(loadConfig(schema, {}), 'command-api')).toMatchObject({
      application_name: 'command-api',
      statement_timeout: 5_000,
      lock_timeout: 2_000,
      idle_in_transaction_session_timeout: 10_000,
      query_timeout: 5_000 + CLIENT_ANSWER_MARGIN_MS,
      connectionTimeoutMillis: 1_500,
    });
  });

  it('takes each limit from its variable', () => {
    const config = loadConfig(schema, {
      DATABASE_STATEMENT_TIMEOUT_MS: '60000',
      DATABASE_LOCK_TIMEOUT_MS: '250',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
      DATABASE_CONNECT_TIMEOUT_MS: '3000',
    });

    expect(postgresPoolConfig(config, 'projector')).toMatchObject({
      statement_timeout: 60_000,
      lock_timeout: 250,
      idle_in_transaction_session_timeout: 30_000,
      query_timeout: 60_000 + CLIENT_ANSWER_MARGIN_MS,
      connectionTimeoutMillis: 3_000,
    });
  });

  it.each(['0', '-1', '1.5', '3600001'])('refuses %p as a statement timeout (no session without a limit)', (value) => {
    expect(() => loadConfig(schema, { DATABASE_STATEMENT_TIMEOUT_MS: value })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS: .* is not an integer between 100 and 3600000/);
  });
});
