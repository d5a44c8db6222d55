// What the full-loop scenarios share: the four apps running isolated, the accounts the load is
// spread over (each with the revision it reached), keep-alive clients of both APIs, and how a
// loop row and the apps' CPU are put together.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './context';
import { httpClient, type HttpClient } from './http-client';
import { appNames, loopSystem, type AppName, type AppSample, type LoopSystem } from './loop-system';
import { portfolioView, summaryView, transactionsView, Watcher, type View } from './loop-watch';
import { selfMeasuredRow, type AppUsage, type Measurement, type MeasuredRow } from './measure';

export interface LoopAccount {
  readonly accountId: string;
  readonly ownerId: string;
  readonly streamId: string;
  /** The highest revision a 201 reported: every command of the loop deposits 1.00. */
  revision: number;
}

export interface LoopSession {
  readonly system: LoopSystem;
  readonly accounts: readonly LoopAccount[];
  /** The command API, with `connections` keep-alive connections. */
  readonly commands: HttpClient;
  readonly connections: number;
  /** The query API, for the watchers (their concurrency in all) and other reads. */
  readonly queries: HttpClient;
  close(): Promise<void>;
}

/** The three views a command becomes visible in, each a projection of its own. */
export const views: readonly View[] = [summaryView, transactionsView, portfolioView];
/** Per view: poll a pending account this often, with at most this many GETs in flight. */
export const pollIntervalMs = 5;
export const pollConcurrency = 4;
const accountsPerOwner = 4;

/**
 * Keep-alive connections of the load: `--clients`, or more at high rates (one per 10 commands/s),
 * so that commands wait for the API, not for a free connection of the bench.
 */
export const commandConnections = (context: BenchContext): number => Math.max(context.clients, Math.ceil(context.options.rate / 10));

/** `work` over `items`, at most `concurrency` at a time, in order of start. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Starts the command API (it creates the event store's schema), then the relay, the projector
 * and the query API; opens `context.options.accounts` accounts (four per owner) and waits until
 * all three views show them, so the consumer groups have formed before anything is measured.
 */
export async function startLoopSession(context: BenchContext, system: LoopSystem = loopSystem(context)): Promise<LoopSession> {
  await system.start('command-api');
  await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
  const connections = commandConnections(context);
  const commands = httpClient(system.url('command-api'), connections, context.tokens.teller);
  const queries = httpClient(system.url('query-api'), views.length * pollConcurrency, context.tokens.teller);
  const owners = Array.from({ length: Math.ceil(context.options.accounts / accountsPerOwner) }, () => randomUUID());
  const accounts: LoopAccount[] = [];
  const watchers = views.map((view) => new Watcher(view, queries, 20, pollConcurrency));
  try {
    await inParallel(Array.from({ length: context.options.accounts }, (_, index) => owners[index % owners.length] ?? ''), 8, async (ownerId) => {
      const answer = await commands.post('/accounts', { ownerId, currency: 'EUR' });
      if (answer.status !== 201) throw new Error(`open account: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      const body = JSON.parse(answer.text) as { accountId: string; streamId: string; revision: number };
      const account = { accountId: body.accountId, ownerId, streamId: body.streamId, revision: body.revision };
      accounts.push(account);
      for (const watcher of watchers) watcher.watch({ ...account, acceptedAt: performance.now(), measured: false });
    });
    for (const watcher of watchers) {
      if (!(await watcher.settled(60_000))) throw new Error(`${watcher.view.name} did not show ${watcher.waiting} new accounts within 60 s (${watcher.firstError ?? 'no error'})`);
    }
  } finally {
    for (const watcher of watchers) watcher.stop();
  }
  return {
    system,
    accounts,
    commands,
    connections,
    queries,
    close: async () => {
      commands.close();
      queries.close();
      await system.close();
    },
  };
}

/** A row of the loop group; what it does not say is unknown (NaN, printed as -). */
export function loopRow(fields: Pick<MeasuredRow, 'name' | 'description' | 'clients'> & Partial<MeasuredRow>): MeasuredRow {
  return selfMeasuredRow('loop', fields);
}

/** Each app's CPU between two samples (100 = one core) and memory at the second; `server` sums them. */
export function appUsage(
  before: Partial<Record<AppName, AppSample>>,
  after: Partial<Record<AppName, AppSample>>,
  seconds: number,
): { apps: Record<string, AppUsage>; server: Measurement['server'] } {
  const apps: Record<string, AppUsage> = {};
  for (const name of appNames) {
    // Only the apps sampled both times: a scenario samples the ones it runs.
    const [start, end] = [before[name], after[name]];
    if (start === undefined || end === undefined) continue;
    apps[name] = { cpuPercent: (100 * (end.cpuSeconds - start.cpuSeconds)) / seconds, rssMb: end.rssMb, heapUsedMb: end.heapUsedMb };
  }
  const all = Object.values(apps);
  const sum = (pick: (usage: AppUsage) => number): number => all.reduce((total, usage) => total + pick(usage), 0);
  return { apps, server: { cpuPercent: sum((usage) => usage.cpuPercent), rssMb: sum((usage) => usage.rssMb), heapUsedMb: sum((usage) => usage.heapUsedMb), peakRssMb: Number.NaN } };
}
