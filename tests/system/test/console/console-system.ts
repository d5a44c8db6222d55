import { copyNameOf } from '@ledger/projections';
import { ProjectionVersions } from '@ledger/projections/postgres';
import { bearerFor, TEST_OPERATOR, withTestToken } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { seedHistory } from '../history-seed';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from '../system.harness';

export interface DeadLetterItem {
  readonly id: number;
  readonly projection: string;
  readonly status: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly resolution?: { readonly by: string; readonly reason: string; readonly at: string } | null;
}

/**
 * The apps the console needs, built, in an isolated environment: the command API writes, the
 * relay publishes, the projector applies and serves the console, the query API is there as in
 * production. Small rebuild batches keep a rebuild running long enough to be watched.
 */
export class ConsoleSystem {
  // The load test's clients share one subject: its rate limit must not be what stops them.
  readonly env: Record<string, string> = { ...isolatedEnvironment(), PROJECTION_REBUILD_BATCH_SIZE: '100', RATE_LIMIT_PER_MINUTE: '1000000' };
  readonly system = new RunningSystem(this.env);
  readonly pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  private readonly mongo = new MongoClient(this.env['MONGODB_URL'] ?? '');

  async start(): Promise<void> {
    await this.system.start('command-api');
    // The projector asks the relay for its role and checkpoint; RunningSystem hands `env` to every app it starts next.
    this.env['RELAY_URL'] = await this.system.start('event-relay');
    await this.system.start('projector');
    await this.system.start('query-api');
  }

  async dispose(): Promise<void> {
    await this.system.stopAll();
    await disposeEnvironment(this.env, this.pool, this.mongo);
  }

  /** `http://127.0.0.1:<port>/console/`: the page's own address, which is its redirect URI too. */
  get consoleUrl(): string {
    return `${this.system.url('projector')}/console/`;
  }

  /** Opens the account and makes `deposits` deposits of 1.00 EUR, through the command API as a teller does. */
  async openAccountWithDeposits(accountId: string, deposits: number): Promise<void> {
    await this.command('/accounts', { accountId, ownerId: `owner-${accountId.slice(0, 8)}`, currency: 'EUR' });
    for (let i = 0; i < deposits; i++) await this.command(`/accounts/${accountId}/deposits`, { amount: '1.00', currency: 'EUR' });
  }

  /**
   * `clients` loops depositing into accounts of their own, back to back, until `stop` says so;
   * resolves with how many deposits went in.
   */
  async loadUntil(clients: number, stop: () => boolean): Promise<number> {
    let deposited = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const accountId = randomUUID();
        await this.openAccountWithDeposits(accountId, 0);
        while (!stop()) {
          await this.command(`/accounts/${accountId}/deposits`, { amount: '1.00', currency: 'EUR' });
          deposited++;
        }
      }),
    );
    return deposited;
  }

  private async command(path: string, body: Record<string, string>): Promise<void> {
    const response = await fetch(`${this.system.url('command-api')}${path}`, {
      method: 'POST',
      headers: await withTestToken({ 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
      body: JSON.stringify(body),
    });
    if (response.status !== 201 && response.status !== 200) throw new Error(`POST ${path}: ${String(response.status)} ${await response.text()}`);
  }

  /** The projector's admin API with the operator's token, as the CLI calls it. */
  async admin(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const response = await fetch(`${this.system.url('projector')}${path}`, { method, headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
    if (!response.ok) throw new Error(`${method} ${path}: ${String(response.status)} ${await response.text()}`);
    return response.json();
  }

  async deadLetters(query: string): Promise<DeadLetterItem[]> {
    return ((await this.admin('GET', `/dead-letters?${query}`)) as { items: DeadLetterItem[] }).items;
  }

  /**
   * A row in the way of the account's first deposit in account-transactions (as a bad manual fix
   * or a bug would leave): applying the deposit fails with a duplicate key until it is removed.
   */
  async putRowInTheWay(accountId: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${await this.transactionsTable()} VALUES ($1, 1, 'deposit', 1, 'EUR', 1, 'in the way', now())`, [accountId]);
  }

  /** The repair: the row in the way removed, so a retry can apply the deposit. */
  async removeRowInTheWay(accountId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${await this.transactionsTable()} WHERE account_id = $1 AND reference = 'in the way'`, [accountId]);
  }

  /** Years of history written straight into the event store (see history-seed.ts): what a rebuild works through. */
  async seedHistory(accounts: number, deposits: number): Promise<void> {
    await seedHistory(this.pool, this.env['EVENT_STORE_SCHEMA'] ?? '', accounts, deposits);
  }

  async liveCopyOf(projection: string): Promise<string> {
    return new ProjectionVersions(this.env['READ_MODEL_SCHEMA'] ?? '').liveCopy(this.pool, projection);
  }

  async transactionRevisions(accountId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ revision: string }>(`SELECT revision::text FROM ${await this.transactionsTable()} WHERE account_id = $1 ORDER BY revision`, [accountId]);
    return rows.map((row) => row.revision);
  }

  private async transactionsTable(): Promise<string> {
    const copy = await this.liveCopyOf('account-transactions');
    return `"${this.env['READ_MODEL_SCHEMA'] ?? ''}"."${copyNameOf('account_transactions', copy)}"`;
  }
}
