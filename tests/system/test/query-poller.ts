import { setTimeout as sleep } from 'node:timers/promises';
import { type SeededAccount } from './history-seed';
import { withTestToken } from '@ledger/platform/testing';

/**
 * A client reading the query API throughout a rebuild, as users would: every answer must be a
 * 200, and what it sees of an account must never go back (the load only deposits, so a balance
 * never falls; revisions only grow).
 */
export class QueryPoller {
  readonly failures: string[] = [];
  readonly regressions: string[] = [];
  reads = 0;
  private readonly seen = new Map<string, bigint>();
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly queryApi: string,
    private readonly accounts: readonly SeededAccount[],
    private readonly random: () => number,
  ) {}

  start(readers = 3): void {
    this.running = Promise.all(Array.from({ length: readers }, () => this.readUntilStopped())).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async readUntilStopped(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const account = this.accounts[Math.floor(this.random() * this.accounts.length)];
      if (account === undefined) return;
      await this.readOnce(account).catch((error: unknown) => this.failures.push(String(error)));
      this.reads += 1;
      await sleep(5);
    }
  }

  private async readOnce({ accountId, ownerId }: SeededAccount): Promise<void> {
    const summary = await this.get<{ revision: number }>(`/accounts/${accountId}`);
    if (summary !== undefined) this.mustNotGoBack(`summary ${accountId}`, BigInt(summary.revision));
    const transactions = await this.get<{ items: { revision: number }[] }>(`/accounts/${accountId}/transactions?limit=1`);
    const newest = transactions?.items[0];
    if (newest !== undefined) this.mustNotGoBack(`transactions ${accountId}`, BigInt(newest.revision));
    const portfolio = await this.get<{ accounts: { accountId: string; balance: string }[] }>(`/customers/${ownerId}/portfolio`);
    for (const entry of portfolio?.accounts ?? []) this.mustNotGoBack(`portfolio ${entry.accountId}`, BigInt(entry.balance.replace('.', '')));
  }

  private async get<T>(path: string): Promise<T | undefined> {
    const response = await fetch(`${this.queryApi}${path}`, { headers: await withTestToken() });
    if (response.status !== 200) {
      this.failures.push(`${path}: ${response.status} ${await response.text()}`);
      return undefined;
    }
    return (await response.json()) as T;
  }

  private mustNotGoBack(what: string, value: bigint): void {
    const before = this.seen.get(what);
    if (before !== undefined && value < before) this.regressions.push(`${what} went from ${before} back to ${value}`);
    this.seen.set(what, before === undefined || value > before ? value : before);
  }
}
