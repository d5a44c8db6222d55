import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../account-load';
import { withTestToken } from '@ledger/platform/testing';

/** One HTTP exchange as a client saw it. */
export interface Attempt {
  readonly at: number;
  readonly ms: number;
  /** The status, or 0 when no answer came (the connection failed). */
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | null;
  readonly what: 'command' | 'read';
  readonly path: string;
}

/** What one client knows the bank holds for its account: every deposit it saw accepted. */
export interface AccountLedger {
  readonly accountId: string;
  readonly ownerId: string;
  depositedMinor: bigint;
  accepted: number;
}

/** How a run of keyed clients is shaped; the defaults are the outage tests'. */
export interface KeyedClientOptions {
  /** Accounts the writers share (writer i deposits into account i mod accounts); one per writer by default. */
  readonly accounts?: number;
  /** Answers after which a client sends the command again with the same key; a 503 or no answer at all by default. */
  readonly retryable?: (attempt: Attempt) => boolean;
  /** Attempts of one command before its client gives up and counts the last answer as final. */
  readonly maxAttempts?: number;
}

/** A real client's patience for one attempt; well past any bound the apps promise. */
const CLIENT_TIMEOUT_MS = 30_000;
/** Honouring Retry-After, capped so the test keeps its pace. */
const MAX_RETRY_WAIT_MS = 2_000;

/**
 * Clients as the issue tracker's users wrote them: each owns one account and deposits into it
 * again and again, every deposit with its own Idempotency-Key, retried with that same key on a
 * 503 or a failed connection (after Retry-After) until it gets a final answer. A reader polls the
 * query API meanwhile. Every attempt is recorded, so a test can say what users saw.
 */
export class KeyedClients {
  readonly attempts: Attempt[] = [];
  readonly ledgers: AccountLedger[];
  /** Final answers other than the 201 a deposit expects: each one is a lost or refused command. */
  readonly refused: string[] = [];
  private stopping = new AbortController();
  private running: Promise<void> | undefined;
  private readonly retryable: (attempt: Attempt) => boolean;
  private readonly maxAttempts: number;

  constructor(
    private readonly commandApi: string,
    private readonly queryApi: string,
    private readonly clients: number,
    private readonly random = seededRandom(24),
    options: KeyedClientOptions = {},
  ) {
    this.ledgers = Array.from({ length: options.accounts ?? clients }, (_, i) => ({ accountId: randomUUID(), ownerId: `fault-${i}`, depositedMinor: 0n, accepted: 0 }));
    this.retryable = options.retryable ?? ((attempt) => attempt.status === 0 || attempt.status === 503);
    this.maxAttempts = options.maxAttempts ?? Infinity;
  }

  /** Deposits accepted so far, over every account. */
  get accepted(): number {
    return this.ledgers.reduce((sum, ledger) => sum + ledger.accepted, 0);
  }

  /** Opens every client's account (keyed and retried like everything else). */
  async open(): Promise<void> {
    await Promise.all(
      this.ledgers.map((ledger) => this.send('/accounts', { accountId: ledger.accountId, ownerId: ledger.ownerId, currency: 'EUR' }, 201)),
    );
  }

  start(): void {
    this.stopping = new AbortController();
    this.refused.length = 0;
    const writers = Array.from({ length: this.clients }, (_, i) => this.depositUntilStopped(this.ledgers[i % this.ledgers.length] as AccountLedger));
    this.running = Promise.all([...writers, this.readUntilStopped()]).then(() => undefined);
  }

  /** Lets every command in flight reach its final answer, then stops. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** When the first command answered 201 at or after `since` got its answer: writing works again. */
  firstAcceptedAfter(since: number): number | undefined {
    const accepted = this.attempts.find((attempt) => attempt.what === 'command' && attempt.status === 201 && attempt.at + attempt.ms >= since);
    return accepted === undefined ? undefined : accepted.at + accepted.ms;
  }

  between(from: number, to: number): Attempt[] {
    return this.attempts.filter((attempt) => attempt.at >= from && attempt.at <= to);
  }

  private async depositUntilStopped(ledger: AccountLedger): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const amountMinor = BigInt(1 + Math.floor(this.random() * 10_000));
      const amount = `${amountMinor / 100n}.${String(amountMinor % 100n).padStart(2, '0')}`;
      if (await this.send(`/accounts/${ledger.accountId}/deposits`, { amount, currency: 'EUR' }, 201)) {
        ledger.depositedMinor += amountMinor;
        ledger.accepted += 1;
      }
      await sleep(20);
    }
  }

  /** One command to its final answer; true when it got the expected status. */
  private async send(path: string, body: Record<string, string>, expected: number): Promise<boolean> {
    const key = randomUUID();
    for (let attempts = 1; ; attempts++) {
      const attempt = await this.exchange('command', `${this.commandApi}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (attempt.status === expected) return true;
      if (!this.retryable(attempt) || attempts >= this.maxAttempts) {
        this.refused.push(`${path}: ${attempt.status} ${attempt.code ?? ''}`);
        return false;
      }
      await sleep(Math.min(MAX_RETRY_WAIT_MS, Number(attempt.retryAfter ?? '1') * 1_000));
    }
  }

  private async readUntilStopped(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const ledger = this.ledgers[Math.floor(this.random() * this.ledgers.length)];
      if (ledger === undefined) return;
      // The account's summary and transactions live in PostgreSQL, its owner's portfolio in MongoDB.
      await this.exchange('read', `${this.queryApi}/accounts/${ledger.accountId}`, {});
      await this.exchange('read', `${this.queryApi}/accounts/${ledger.accountId}/transactions?limit=5`, {});
      await this.exchange('read', `${this.queryApi}/customers/${ledger.ownerId}/portfolio`, {});
      await sleep(50);
    }
  }

  private async exchange(what: Attempt['what'], url: string, init: RequestInit): Promise<Attempt> {
    const at = Date.now();
    let attempt: Attempt;
    try {
      const headers = await withTestToken((init.headers ?? {}) as Record<string, string>);
      const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
      const text = await response.text();
      attempt = { at, ms: Date.now() - at, status: response.status, code: codeOf(text), retryAfter: response.headers.get('retry-after'), what, path: new URL(url).pathname };
    } catch {
      attempt = { at, ms: Date.now() - at, status: 0, code: undefined, retryAfter: null, what, path: new URL(url).pathname };
    }
    this.attempts.push(attempt);
    return attempt;
  }
}

function codeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}
