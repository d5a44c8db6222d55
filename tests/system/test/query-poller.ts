import { setTimeout as sleep } from 'node:timers/promises';
import { type SeededAccount } from './history-seed';
import { withTestToken } from '@ledger/platform/testing';

/** One answer the poller saw: when it arrived, and the highest value seen by then. */
interface Observation {
  readonly answeredAt: number;
  readonly highest: bigint;
}

/**
 * A client reading the query API throughout a rebuild, as users would: every answer must be a
 * 200, and what it sees of an account must never go back (the load only deposits, so a balance
 * never falls; revisions only grow). Its readers run side by side, so "back" is measured against
 * the answers that arrived before a request was sent: two requests in flight together may be
 * answered in either order, and that is no regression.
 */
export class QueryPoller {
  readonly failures: string[] = [];
  readonly regressions: string[] = [];
  reads = 0;
  private readonly seen = new Map<string, Observation[]>();
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
    let sentAt = performance.now();
    const summary = await this.get<{ revision: number }>(`/accounts/${accountId}`);
    if (summary !== undefined) this.mustNotGoBack(`summary ${accountId}`, BigInt(summary.revision), sentAt);
    sentAt = performance.now();
    const transactions = await this.get<{ items: { revision: number }[] }>(`/accounts/${accountId}/transactions?limit=1`);
    const newest = transactions?.items[0];
    if (newest !== undefined) this.mustNotGoBack(`transactions ${accountId}`, BigInt(newest.revision), sentAt);
    sentAt = performance.now();
    const portfolio = await this.get<{ accounts: { accountId: string; balance: string }[] }>(`/customers/${ownerId}/portfolio`);
    for (const entry of portfolio?.accounts ?? []) this.mustNotGoBack(`portfolio ${entry.accountId}`, BigInt(entry.balance.replace('.', '')), sentAt);
  }

  private async get<T>(path: string): Promise<T | undefined> {
    const response = await fetch(`${this.queryApi}${path}`, { headers: await withTestToken() });
    if (response.status !== 200) {
      this.failures.push(`${path}: ${response.status} ${await response.text()}`);
      return undefined;
    }
    return (await response.json()) as T;
  }

  /** `value` was read by a request sent at `sentAt`; nothing answered before then may be higher. */
  private mustNotGoBack(what: string, value: bigint, sentAt: number): void {
    const observations = this.seen.get(what) ?? [];
    // Answers arrive in the order they are recorded, so the newest one before `sentAt` holds the highest.
    const before = observations.findLast((observation) => observation.answeredAt < sentAt)?.highest;
    if (before !== undefined && value < before) this.regressions.push(`${what} went from ${before} back to ${value}`);
    const highest = observations.at(-1)?.highest;
    observations.push({ answeredAt: performance.now(), highest: highest === undefined || value > highest ? value : highest });
    this.seen.set(what, observations);
  }
}
