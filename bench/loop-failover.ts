// loop-failover: issue 16's F1, how long a crashed projector instance costs. Two instances share
// the partitions while deposits arrive steadily; one is SIGKILLed (no LeaveGroup, nothing closed),
// and F1 is the time from the kill until every partition moves again: the first event the survivor
// applies from each partition the dead one held. The survivor's own partitions move within
// milliseconds, so the slowest partition is one of the dead one's. "Moves" is read where the
// projection keeps it: its stored progress per partition (account-summary's rows of
// projection_offsets), committed with its read model. Repeated `kills` times, a fresh second
// instance each time; p50 and max of the rounds are F1's figures (goal: both ≤ 3 s).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { storedProgress } from './loop-progress';
import { loopRow, type LoopSession } from './loop-session';
import { latencySummary, type SelfMeasuredScenario } from './measure';

/** Rounds of a full run; --quick checks the harness with two. */
const kills = 5;
const quickKills = 2;
/** Deposits per second while the instances share the work: every partition gets one every few ms. */
const rate = 200;
const projection = 'account-summary';

type Offsets = ReadonlyMap<number, bigint>;

export function loopFailoverScenario(context: BenchContext, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const rounds = context.options.quick ? quickKills : kills;
  const description = `two projector instances under ${rate} deposits/s; one SIGKILLed ${rounds} times: kill → every partition applied again`;
  return {
    name: 'loop-failover',
    description,
    layer: 'loop',
    clients: 1,
    run: async () => {
      const loop = await session();
      const { system } = loop;
      const pool = new Pool({ connectionString: context.databaseUrl, max: 2 });
      const offsets = async (): Promise<Offsets> =>
        new Map(
          (await storedProgress(pool, system.env['READ_MODEL_SCHEMA'] ?? '', `${system.prefix}.account`))
            .filter((row) => row.projection === projection)
            .map((row) => [row.partition, row.next]),
        );
      /** Resolves once every partition in `from` moved past it, with the ms from `since` to each first move. */
      const firstMoves = async (from: Offsets, since: number, timeoutMs: number): Promise<number[]> => {
        const moved = new Map<number, number>();
        for (const deadline = performance.now() + timeoutMs; moved.size < from.size; await sleep(5)) {
          if (performance.now() > deadline) throw new Error(`partitions ${[...from.keys()].filter((partition) => !moved.has(partition)).join(', ')} did not move within ${timeoutMs / 1_000} s`);
          const now = performance.now();
          for (const [partition, next] of await offsets()) {
            if (!moved.has(partition) && next > (from.get(partition) ?? next)) moved.set(partition, now - since);
          }
        }
        return [...moved.values()];
      };
      const load = steadyDeposits(loop, rate);
      const times: number[] = [];
      const notes: string[] = [];
      try {
        // Every partition has progress to compare with before the first round.
        await firstMoves(await offsets(), performance.now(), 30_000);
        for (let round = 1; round <= rounds; round += 1) {
          let held = 0;
          const second = await system.startInstance('projector', {
            onStdoutLine: (line) => {
              if (line.includes('"message":"joined consumer group"')) held = Number(/"partitions":(\d+)/.exec(line)?.[1] ?? 0);
            },
          });
          try {
            for (const deadline = performance.now() + 30_000; held === 0; await sleep(20)) {
              if (performance.now() > deadline) throw new Error('the second projector instance got no partition within 30 s');
            }
            // Both instances apply: every partition moves (the rebalance is over).
            await firstMoves(await offsets(), performance.now(), 30_000);
            const killedAt = performance.now();
            await second.kill();
            // Read once the process is gone: nothing after this can be the dead instance's.
            const worst = Math.max(...(await firstMoves(await offsets(), killedAt, 60_000)));
            times.push(worst);
            notes.push(`loop-failover round ${round}: the second instance held ${held} partition(s); every partition moved again ${(worst / 1_000).toFixed(2)} s after its SIGKILL`);
          } finally {
            await second.kill();
          }
        }
      } finally {
        const sent = await load.stop();
        await pool.end();
        if (sent.failed > 0) notes.push(`loop-failover: ${sent.failed} of ${sent.sent} deposits failed (first: ${sent.firstError ?? '?'})`);
      }
      return {
        rows: [loopRow({ name: 'loop-failover', description, clients: 1, ops: times.length, ...latencySummary(times) })],
        notes,
      };
    },
  };
}

interface SteadyLoad {
  stop(): Promise<{ sent: number; failed: number; firstError: string | undefined }>;
}

/** Deposits of 1.00 spread over the session's accounts at `perSecond`, until stopped. */
function steadyDeposits(loop: LoopSession, perSecond: number): SteadyLoad {
  let running = true;
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const began = performance.now();
  const firing = (async () => {
    while (running) {
      const due = Math.floor(((performance.now() - began) * perSecond) / 1_000);
      for (; sent < due; sent += 1) {
        const account = loop.accounts[sent % loop.accounts.length];
        if (account === undefined) break;
        const deposit: Promise<void> = loop.commands.post(`/accounts/${account.accountId}/deposits`, { amount: '1.00', currency: 'EUR' }).then(
          (answer) => {
            if (answer.status !== 201) {
              failed += 1;
              firstError ??= `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
            }
          },
          (error: unknown) => {
            failed += 1;
            firstError ??= error instanceof Error ? error.message : String(error);
          },
        );
        inFlight.add(deposit);
        void deposit.finally(() => inFlight.delete(deposit));
      }
      await sleep(5);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await firing;
      await Promise.all(inFlight);
      return { sent, failed, firstError };
    },
  };
}
