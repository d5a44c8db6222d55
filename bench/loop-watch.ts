// Watches the query API for accepted commands to become visible. Each account (or owner) with
// commands pending is polled every `intervalMs`, at most `concurrency` requests at a time per
// view; a command's lag is the time from its 201 to the answer that first shows its revision.
// Deliberately not `?minRevision=`: the server's wait backs off to 100 ms between reads, which
// would round the lag up to its steps. Resolution here: the poll interval plus one GET.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpAnswer, HttpClient } from './http-client';

export interface Accepted {
  readonly accountId: string;
  readonly ownerId: string;
  readonly revision: number;
  /** performance.now() when the 201 arrived. */
  readonly acceptedAt: number;
  /** False during the warm-up: waited for, not counted. */
  readonly measured: boolean;
}

/** The revision an answer shows for an account (undefined: the account is not there yet). */
export type Visible = (accountId: string) => number | undefined;

export interface View {
  readonly name: string;
  /** What one GET is about: the command's account, or its owner for the portfolio. */
  keyOf(command: Accepted): string;
  read(http: HttpClient, key: string): Promise<Visible>;
}

const bodyOf = <T>(answer: HttpAnswer, what: string): T | undefined => {
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  return JSON.parse(answer.text) as T;
};

/** GET /accounts/{id} (account-summary, PostgreSQL): its `revision`. */
export const summaryView: View = {
  name: 'account-summary',
  keyOf: (command) => command.accountId,
  read: async (http, key) => {
    const body = bodyOf<{ revision: number }>(await http.get(`/accounts/${key}`), 'account');
    return (accountId) => (accountId === key ? body?.revision : undefined);
  },
};

/** GET /accounts/{id}/transactions?limit=1 (account-transactions, PostgreSQL): the newest item's revision. */
export const transactionsView: View = {
  name: 'account-transactions',
  keyOf: (command) => command.accountId,
  read: async (http, key) => {
    const body = bodyOf<{ items: { revision: number }[] }>(await http.get(`/accounts/${key}/transactions?limit=1`), 'transactions');
    return (accountId) => (accountId === key ? (body?.items[0]?.revision ?? (body === undefined ? undefined : 0)) : undefined);
  },
};

/**
 * GET /customers/{ownerId}/portfolio (customer-portfolio, MongoDB/FerretDB). It shows balances,
 * not revisions: every command of the loop deposits 1.00, so an account's balance in units is
 * the revision it has reached (revision 0 opens it at 0.00).
 */
export const portfolioView: View = {
  name: 'customer-portfolio',
  keyOf: (command) => command.ownerId,
  read: async (http, key) => {
    const body = bodyOf<{ accounts: { accountId: string; balance: string }[] }>(await http.get(`/customers/${key}/portfolio`), 'portfolio');
    const balances = new Map(body?.accounts.map((account) => [account.accountId, Number(account.balance)]));
    return (accountId) => balances.get(accountId);
  },
};

interface Pending {
  commands: Accepted[];
  nextPollAt: number;
  polling: boolean;
}

export class Watcher {
  readonly lags: number[] = [];
  /** How long each GET took (ms): with the poll interval, the resolution of the lags. */
  readonly gets: number[] = [];
  polls = 0;
  errors = 0;
  firstError: string | undefined;
  private readonly pending = new Map<string, Pending>();
  private inFlight = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly view: View,
    private readonly http: HttpClient,
    private readonly intervalMs: number,
    private readonly concurrency: number,
  ) {
    this.timer = setInterval(() => this.tick(), 1);
  }

  watch(command: Accepted): void {
    const key = this.view.keyOf(command);
    const entry = this.pending.get(key);
    if (entry === undefined) this.pending.set(key, { commands: [command], nextPollAt: command.acceptedAt + this.intervalMs, polling: false });
    else entry.commands.push(command);
  }

  /** Commands not seen yet. */
  get waiting(): number {
    let count = 0;
    for (const entry of this.pending.values()) count += entry.commands.length;
    return count;
  }

  /** Waits until every watched command was seen, or `timeoutMs` passed; true if all were. */
  async settled(timeoutMs: number): Promise<boolean> {
    for (const deadline = performance.now() + timeoutMs; this.pending.size > 0 && performance.now() < deadline; ) await sleep(10);
    return this.pending.size === 0;
  }

  /** Stops polling; what is still pending stays unseen. */
  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = performance.now();
    for (const [key, entry] of this.pending) {
      if (this.inFlight >= this.concurrency) return;
      if (!entry.polling && entry.nextPollAt <= now) void this.poll(key, entry, now);
    }
  }

  private async poll(key: string, entry: Pending, startedAt: number): Promise<void> {
    entry.polling = true;
    this.inFlight += 1;
    this.polls += 1;
    try {
      const visible = await this.view.read(this.http, key);
      const seenAt = performance.now();
      this.gets.push(seenAt - startedAt);
      entry.commands = entry.commands.filter((command) => {
        const revision = visible(command.accountId);
        if (revision === undefined || revision < command.revision) return true;
        if (command.measured) this.lags.push(seenAt - command.acceptedAt);
        return false;
      });
    } catch (error) {
      this.errors += 1;
      this.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      entry.polling = false;
      this.inFlight -= 1;
      entry.nextPollAt = startedAt + this.intervalMs;
      // To the back of the queue (a Map iterates in insertion order), so that when GETs are slower
      // than the interval every pending account still gets its turn, longest-waiting first.
      this.pending.delete(key);
      if (entry.commands.length > 0) this.pending.set(key, entry);
    }
  }
}
