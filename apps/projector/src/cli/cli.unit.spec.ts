import { ProjectorAdminClient } from './admin-client';
import { runCli } from './run-cli';
import { renderTable } from './table';

/** An admin API in memory: answers by "METHOD path", records the calls. */
function fakeApi(answers: Record<string, { status: number; body: unknown }>) {
  const calls: string[] = [];
  const fetchImpl = (url: string, init?: { method?: string }) => {
    const key = `${init?.method ?? 'GET'} ${url.replace('http://projector', '')}`;
    calls.push(key);
    const answer = answers[key];
    if (answer === undefined) return Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3002') }));
    return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status }));
  };
  return { client: new ProjectorAdminClient('http://projector', fetchImpl), calls };
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
