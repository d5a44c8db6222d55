// loop-projector-scale: issue 16's second goal, what a second projector instance adds. The same
// backlog (`--backlog` deposits, appended while no projector runs, then put on Kafka by the relay)
// is caught up twice: by one instance, then by two started together. Each run is timed from the
// moment every instance holds partitions (so the process starts and the joins are not in it; a
// backlog too small to outlast the joins is timed from the first one) to
// the moment every projection's stored progress (projection_offsets, committed with its rows)
// reached the topic's end on every partition; the events are those still to apply at the start,
// for the slowest projection. The ratio two ÷ one is the goal (≥ 1.6). The machine's CPU use over
// each run (from /proc/stat, every process) says whether the cores, not the projector, were the
// limit.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { metric, type CommandApiProcess } from './command-api-process';
import type { BenchContext } from './context';
import { appendBacklog } from './loop-backlog';
import { storedProgress } from './loop-progress';
import { cpuByProcess, cpuShares, machineCpu } from './cpu-shares';
import { loopRow, type LoopSession } from './loop-session';
import type { MeasuredRow, SelfMeasuredScenario } from './measure';
import { fixed } from './report';

export const oneInstance = 'loop-projector-1-instance';
export const twoInstances = 'loop-projector-2-instances';
const projections = ['account-summary', 'account-transactions', 'customer-portfolio'];

interface CatchUp {
  readonly events: number;
  readonly seconds: number;
  /** Share of all cores busy over the run (every process on the machine), and the projectors' CPU (100 = one core). */
  readonly machineBusyPercent: number;
  readonly projectorCpuPercent: number;
  /** Where the machine's CPU went over the run. */
  readonly shares: string;
  readonly timedFromFirstJoin: boolean;
}

export function loopScaleScenario(context: BenchContext, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const { backlog } = context.options;
  return {
    name: 'loop-projector-scale',
    description: `${backlog} deposits caught up by one projector instance, then another ${backlog} by two`,
    layer: 'loop',
    clients: 1,
    run: async () => {
      const loop = await session();
      const { system } = loop;
      const pool = new Pool({ connectionString: context.databaseUrl, max: 2 });
      const schema = system.env['READ_MODEL_SCHEMA'] ?? '';
      const topic = `${system.prefix}.account`;
      /** Per projection, the sum over partitions of its stored progress, and whether every partition reached `ends`. */
      const progress = async (ends: ReadonlyMap<number, bigint>): Promise<{ applied: number; done: boolean }> => {
        const rows = await storedProgress(pool, schema, topic);
        const perProjection = projections.map((name) => {
          const mine = rows.filter((row) => row.projection === name);
          const done = [...ends].every(([partition, end]) => (mine.find((row) => row.partition === partition)?.next ?? 0n) >= end);
          return { applied: mine.reduce((sum, row) => sum + Number(row.next), 0), done };
        });
        return { applied: Math.min(...perProjection.map((entry) => entry.applied)), done: perProjection.every((entry) => entry.done) };
      };

      const catchUp = async (instances: number): Promise<CatchUp> => {
        const head = await appendBacklog(context, system.env['EVENT_STORE_SCHEMA'] ?? '', loop.accounts, backlog);
        const relayed = async (): Promise<boolean> => metric(await (await fetch(`${system.url('event-relay')}/metrics`)).text(), 'ledger_relay_checkpoint_position') >= Number(head);
        for (const deadline = performance.now() + 120_000; !(await relayed()); await sleep(20)) if (performance.now() > deadline) throw new Error('the relay did not publish the backlog in 120 s');
        const ends = new Map((await system.kafka.groupOffsets(`${system.prefix}.projector`, [topic])).map(({ partition, high }) => [partition, high]));
        const held = Array.from({ length: instances }, () => 0);
        const started: CommandApiProcess[] = [];
        try {
          started.push(
            ...(await Promise.all(
              held.map((_, index) =>
                system.startInstance('projector', {
                  onStdoutLine: (line) => {
                    if (line.includes('"message":"joined consumer group"')) held[index] = Number(/"partitions":(\d+)/.exec(line)?.[1] ?? 0);
                  },
                }),
              ),
            )),
          );
          const snapshot = async () => ({
            at: performance.now(),
            machine: machineCpu(),
            processes: cpuByProcess(),
            cpu: started.reduce((sum, app) => sum + app.cpuSeconds(), 0),
            applied: (await progress(ends)).applied,
          });
          // Taken when the first instance holds partitions, and again when every one does.
          let firstJoin: Awaited<ReturnType<typeof snapshot>> | undefined;
          for (const deadline = performance.now() + 60_000; held.some((partitions) => partitions === 0); await sleep(10)) {
            if (performance.now() > deadline) throw new Error(`not every one of ${instances} projector instance(s) got partitions within 60 s`);
            if (firstJoin === undefined && held.some((partitions) => partitions > 0)) firstJoin = await snapshot();
          }
          const allJoined = await snapshot();
          for (const deadline = allJoined.at + 300_000; !(await progress(ends)).done; await sleep(25)) {
            if (performance.now() > deadline) throw new Error(`${instances} projector instance(s) did not catch up in 300 s`);
          }
          const end = await snapshot();
          const total = [...ends.values()].reduce((sum, offset) => sum + Number(offset), 0);
          // A backlog small enough to be applied before the last instance joined (a --quick run) is timed from the first join.
          const from = total > allJoined.applied ? allJoined : (firstJoin ?? allJoined);
          const seconds = (end.at - from.at) / 1_000;
          return {
            events: total - from.applied,
            seconds,
            machineBusyPercent: (100 * (end.machine.busy - from.machine.busy)) / (end.machine.total - from.machine.total),
            projectorCpuPercent: (100 * (end.cpu - from.cpu)) / seconds,
            shares: cpuShares(from.processes, end.processes, end.machine.total - from.machine.total),
            timedFromFirstJoin: from !== allJoined,
          };
        } finally {
          await Promise.all(started.map((app) => app.stop()));
        }
      };

      let one: CatchUp;
      let two: CatchUp;
      await system.stop('projector');
      try {
        one = await catchUp(1);
        two = await catchUp(2);
      } finally {
        await pool.end();
        // As the scenario found it: one projector, nothing pending.
        await system.start('projector');
      }
      const row = (name: string, description: string, run: CatchUp): MeasuredRow =>
        loopRow({ name, description, clients: 1, ops: run.events, seconds: run.seconds, opsPerSecond: run.events / run.seconds });
      const describe = (run: CatchUp, label: string): string =>
        `loop-projector-scale: ${label}: ${run.events} events in ${fixed(run.seconds, 1)} s${run.timedFromFirstJoin ? ' (timed from the first join: the backlog was applied before every instance held partitions)' : ''}; machine CPU ${fixed(run.machineBusyPercent)} % busy of all cores, projector instance(s) ${fixed(run.projectorCpuPercent)} % (100 = one core); share of the machine: ${run.shares}`;
      return {
        rows: [
          row(oneInstance, 'one projector instance catches up a backlog: events in all three read models per second (every instance holding partitions → all applied)', one),
          row(twoInstances, 'two projector instances share the same kind of backlog, timed the same way', two),
        ],
        notes: [describe(one, 'one instance'), describe(two, 'two instances'), `loop-projector-scale: two ÷ one = ${fixed(two.events / two.seconds / (one.events / one.seconds), 2)}`],
      };
    },
  };
}
