// Q1's baseline server: GET /accounts/:accountId on a bare Fastify instance (no Nest, no logger,
// no hooks, no validation, no QueryBus), running the query API's own lookup: the same SQL text
// as AccountSummaries.find (apps/query-api/src/read-models/account-summaries.ts), on a pg Pool
// of the query API's size, answering the same JSON as accountViewOf (query.ts checks that the
// two bodies are identical before measuring). It runs as a child process of the bench, like the
// query API, so each has a process of its own to be measured by /proc; through
// `node --import tsx` rather than the tsx CLI, whose wrapper process would be the one measured.
// /health and /metrics answer just what bench/command-api-process.ts reads from an app.
// With RAW_VERIFY_TOKENS=1 it first verifies the bearer token with the apps' own TokenVerifier
// (AUTH_ISSUER's keys): the row that prices token verification per request.
import { formatMinorUnits, parseCurrency } from '@ledger/domain';
import { TokenVerifier } from '@ledger/platform/token-verifier';
import Fastify from 'fastify';
import { Pool } from 'pg';

interface AccountSummaryRow {
  readonly account_id: string;
  readonly owner_id: string;
  readonly currency: string;
  readonly balance_minor: string;
  readonly status: 'open' | 'frozen' | 'closed';
  readonly revision: string;
  readonly opened_at: Date;
  readonly updated_at: Date;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`raw-fastify-server: ${name} is not set`);
  return value;
}

const schema = required('READ_MODEL_SCHEMA');
const pool = new Pool({ connectionString: required('DATABASE_URL'), max: Number(required('DATABASE_POOL_SIZE')) });
const columns = 'account_id, owner_id, currency, balance_minor::text, status, revision::text, opened_at, updated_at';
const findAccount = `SELECT ${columns} FROM "${schema}".account_summary WHERE account_id = $1`;

/** The query API's moneyText: the balance in the currency's minor digits. */
function balanceText(row: AccountSummaryRow): string {
  const currency = parseCurrency(row.currency);
  if (!currency.ok) throw new Error(`unknown currency ${row.currency}`);
  return formatMinorUnits(BigInt(row.balance_minor), currency.value);
}

const verifier =
  process.env['RAW_VERIFY_TOKENS'] === '1'
    ? new TokenVerifier({
        authIssuer: required('AUTH_ISSUER'),
        authAudience: 'ledger',
        authJwksUrl: undefined,
        authRolesClaim: 'roles',
        authClockToleranceSeconds: 30,
        operationsAccess: 'open',
        corsOrigins: [],
      })
    : undefined;

const app = Fastify();

app.get<{ Params: { accountId: string } }>('/accounts/:accountId', async (request, reply) => {
  if (verifier !== undefined) await verifier.verify((request.headers.authorization ?? '').replace(/^Bearer /, ''));
  const { rows } = await pool.query<AccountSummaryRow>(findAccount, [request.params.accountId]);
  const row = rows[0];
  if (row === undefined) return reply.code(404).send({ code: 'ACCOUNT_NOT_FOUND' });
  return {
    accountId: row.account_id,
    ownerId: row.owner_id,
    currency: row.currency,
    balance: balanceText(row),
    status: row.status,
    revision: Number(row.revision),
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
});

app.get('/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'up' };
});

app.get('/metrics', async (_request, reply) => {
  const memory = process.memoryUsage();
  return reply.type('text/plain').send(`process_resident_memory_bytes ${memory.rss}\nnodejs_heap_size_used_bytes ${memory.heapUsed}\n`);
});

const stop = (): void => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

app.listen({ host: required('HOST'), port: Number(required('RAW_FASTIFY_PORT')) }).catch((error: unknown) => {
  process.stderr.write(`raw-fastify-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
