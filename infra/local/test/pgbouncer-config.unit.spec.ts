import { pgbouncerAuthFile, pgbouncerIni, pooledUrl, type PgBouncerSpec } from '../src/components/pgbouncer-config';

const spec: PgBouncerSpec = {
  listenPort: 56_432,
  server: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
  authFile: '/state/pgbouncer/data/userlist.txt',
  sessionLimits: { statementTimeoutMs: 5_000, lockTimeoutMs: 2_000, idleInTransactionTimeoutMs: 10_000 },
  serverConnections: 20,
  clientConnections: 1_000,
};

/** `key = value` lines of one section of the ini. */
function section(ini: string, name: string): Map<string, string> {
  const lines = ini.split(`[${name}]\n`)[1]?.split('\n[')[0]?.split('\n') ?? [];
  return new Map(lines.filter((line) => line.includes(' = ')).map((line) => [line.slice(0, line.indexOf(' = ')), line.slice(line.indexOf(' = ') + 3)]));
}

describe('the PgBouncer config', () => {
  it('pools in transactions on 127.0.0.1, with SCRAM, the sizes asked for and the server user as admin', () => {
    const settings = section(pgbouncerIni(spec), 'pgbouncer');

    expect(Object.fromEntries(settings)).toMatchObject({
      listen_addr: '127.0.0.1',
      listen_port: '56432',
      pool_mode: 'transaction',
      default_pool_size: '20',
      max_client_conn: '1000',
      auth_type: 'scram-sha-256',
      auth_file: '/state/pgbouncer/data/userlist.txt',
      admin_users: 'ledger',
    });
    expect(pgbouncerIni(spec)).toMatch(/^unix_socket_dir =$/m);
  });

  it('ignores the limits node-postgres sends at startup and sets them on every server connection instead', () => {
    const ini = pgbouncerIni(spec);

    expect(section(ini, 'pgbouncer').get('ignore_startup_parameters')).toBe('statement_timeout,lock_timeout,idle_in_transaction_session_timeout');
    expect(section(ini, 'databases').get('ledger')).toBe(
      "host=127.0.0.1 port=55432 dbname=ledger connect_query='SET statement_timeout = 5000; SET lock_timeout = 2000; SET idle_in_transaction_session_timeout = 10000'",
    );
  });

  it('sets no limits when none are asked for (a test of what the apps see then)', () => {
    expect(section(pgbouncerIni({ ...spec, sessionLimits: undefined }), 'databases').get('ledger')).toBe('host=127.0.0.1 port=55432 dbname=ledger');
  });

  it('offers the server’s database under its own name, on the server’s host and port', () => {
    const ini = pgbouncerIni({ ...spec, server: 'postgresql://app:secret@db.internal/bank', sessionLimits: undefined });

    expect(section(ini, 'databases').get('bank')).toBe('host=db.internal port=5432 dbname=bank');
    expect(section(ini, 'pgbouncer').get('admin_users')).toBe('app');
  });

  it('keeps the server’s password for its SCRAM login, quoted as PgBouncer reads it', () => {
    expect(pgbouncerAuthFile(spec)).toBe('"ledger" "ledger"\n');
    expect(pgbouncerAuthFile({ server: 'postgres://app:p%22w%20d@127.0.0.1/bank' })).toBe('"app" "p""w d"\n');
  });

  it('refuses a server it cannot log in to or name safely', () => {
    expect(() => pgbouncerIni({ ...spec, server: 'postgres://ledger@127.0.0.1:55432/ledger' })).toThrow('pgbouncer: 127.0.0.1:55432/ledger has no password in its URL');
    expect(() => pgbouncerIni({ ...spec, server: "postgres://ledger:x@127.0.0.1/led'ger" })).toThrow(`pgbouncer: the server's database "led'ger" is not a plain name`);
  });

  it('points the apps at PgBouncer with the server’s database and credentials', () => {
    expect(pooledUrl('postgres://ledger:ledger@127.0.0.1:55432/ledger', 56_432)).toBe('postgres://ledger:ledger@127.0.0.1:56432/ledger');
  });
});
