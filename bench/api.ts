// Deposits through the command API over real HTTP on 127.0.0.1 (keep-alive connections).
import { randomUUID } from 'node:crypto';
import { buildCommandApi, startCommandApiProcess, type CommandApiProcess } from './command-api-process';
import type { BenchContext } from './context';
import { httpClient, type HttpAnswer, type HttpClient } from './http-client';
import type { Layer, Scenario } from './measure';

interface RunningApi {
  readonly server: CommandApiProcess;
  readonly http: HttpClient;
}

const deposit = { amount: '1.00', currency: 'EUR' };

function expectStatus(answer: HttpAnswer, status: number, what: string): HttpAnswer {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  return answer;
}

/**
 * Deposits before anything is measured, once per process: a fresh Node process runs its first
 * few thousand requests several times slower than later ones (the JIT has not compiled the
 * request path yet), which a scenario's one-second warm-up does not cover.
 */
const warmUpDeposits = 4_000;

async function warmUp(http: HttpClient): Promise<void> {
  const answer = expectStatus(await http.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' }), 201, 'open account');
  const { accountId } = JSON.parse(answer.text) as { accountId: string };
  let sent = 0;
  const client = async (): Promise<void> => {
    while (sent < warmUpDeposits) {
      sent += 1;
      expectStatus(await http.post(`/accounts/${accountId}/deposits`, deposit), 201, 'warm-up deposit');
    }
  };
  await Promise.all(Array.from({ length: 4 }, client));
}

interface DepositOptions {
  /** All clients deposit to one account (its commands queue in the API) instead of one each. */
  readonly oneAccount: boolean;
  /** Every request carries a new Idempotency-Key (claimed in the append's transaction). */
  readonly idempotencyKeys: boolean;
}

export function apiLayer(context: BenchContext): Layer {
  let started: Promise<RunningApi> | undefined;
  const api = (): Promise<RunningApi> =>
    (started ??= startCommandApiProcess(context).then(async (server) => {
      const running = { server, http: httpClient(server.url, context.clients, context.tokens.teller) };
      await warmUp(running.http);
      return running;
    }));

  const openAccounts = async (count: number): Promise<string[]> => {
    const { http } = await api();
    const ownerId = randomUUID();
    const answers = await Promise.all(Array.from({ length: count }, () => http.post('/accounts', { ownerId, currency: 'EUR' })));
    return answers.map((answer) => {
      const body = JSON.parse(expectStatus(answer, 201, 'open account').text) as { accountId?: unknown };
      if (typeof body.accountId !== 'string') throw new Error(`open account: no accountId in ${answer.text}`);
      return body.accountId;
    });
  };

  const deposits = (name: string, description: string, clients: number, options: DepositOptions): Scenario => {
    let accounts: string[] = [];
    let running: RunningApi | undefined;
    return {
      name,
      description,
      layer: 'api',
      clients,
      // A2: what the API adds to the one statement each deposit needs (bench/store.ts).
      compareWith: { baseline: `raw-append-${clients}`, by: 'ops/s' },
      setUp: async () => {
        running = await api();
        accounts = await openAccounts(options.oneAccount ? 1 : clients);
      },
      op: async (client) => {
        const accountId = accounts[options.oneAccount ? 0 : client];
        if (running === undefined || accountId === undefined) throw new Error(`${name} is not set up`);
        const headers: Record<string, string> = options.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {};
        expectStatus(await running.http.post(`/accounts/${accountId}/deposits`, deposit, headers), 201, 'deposit');
      },
      get server() {
        return running?.server;
      },
    };
  };

  const many = context.clients;
  return {
    scenarios: [
      deposits('api-1', 'POST deposits, 1 client, its own account', 1, { oneAccount: false, idempotencyKeys: false }),
      deposits(`api-${many}`, `POST deposits, ${many} clients, each its own account`, many, { oneAccount: false, idempotencyKeys: false }),
      deposits(`api-${many}-idempotency-key`, `as api-${many}, each request with a new Idempotency-Key`, many, { oneAccount: false, idempotencyKeys: true }),
      deposits(`api-${many}-one-account`, `POST deposits, ${many} clients on ONE account (queued per stream)`, many, { oneAccount: true, idempotencyKeys: false }),
    ],
    prepare: () => {
      process.stderr.write('[bench] building the command API (nx run command-api:build, cached)…\n');
      buildCommandApi();
      return Promise.resolve();
    },
    close: async () => {
      const running = await started?.catch(() => undefined);
      if (running === undefined) return;
      running.http.close();
      await running.server.stop();
    },
  };
}
