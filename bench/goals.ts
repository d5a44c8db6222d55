// The goals (A2 … H1), each a ratio of rows measured in the same run: a stage over the
// raw cost of the work it does, or Ledger over its peer. The rows stay the evidence; a goal
// only names which rows it divides and what it expects, so a reader can check the arithmetic.
import type { MeasuredRow } from './measure';

type Figure = 'ops/s' | 'p50' | 'p99' | 'max';

export interface GoalDefinition {
  /** Stable key of the JSON results, e.g. `A2-16`. */
  readonly key: string;
  readonly title: string;
  /** Rows whose ratio is the goal's; the worst of them counts (e.g. the slowest projection). */
  readonly numerators: readonly string[];
  /** Rows the numerator is divided by; the lowest rate (or lowest latency) of them counts. */
  readonly baselines: readonly string[];
  readonly figure: Figure;
  /** `at-least`: the ratio should be ≥ target (rates); `at-most`: ≤ target (latencies). */
  readonly direction: 'at-least' | 'at-most';
  readonly target: number;
  /** `seconds`: an absolute goal, the numerator's figure in seconds against `target` (no baselines). */
  readonly unit?: 'seconds';
}

export interface GoalResult extends GoalDefinition {
  /** undefined when a row is missing from this run (not chosen by --only, or it failed). */
  readonly ratio: number | undefined;
  readonly numerator: string | undefined;
  readonly baseline: string | undefined;
  readonly met: boolean | undefined;
}

const projections = ['account-summary', 'account-transactions', 'customer-portfolio'];
const views = ['summary', 'transactions', 'portfolio'];

/** Every goal of the benchmark issue, at the run's two concurrencies. */
export function goalDefinitions(clients: number): GoalDefinition[] {
  const perConcurrency = (key: string, title: string, numerator: string, baseline: string, target: number): GoalDefinition[] =>
    [1, clients].map((n) => ({
      key: `${key}-${n}`,
      title: `${title}, ${n} client${n === 1 ? '' : 's'}`,
      numerators: [`${numerator}-${n}`],
      baselines: [`${baseline}-${n}`],
      figure: 'ops/s',
      direction: 'at-least',
      target,
    }));
  return [
    ...perConcurrency('A2', 'command API deposits/s ÷ the same append SQL with pg', 'api', 'raw-append', 0.7),
    ...perConcurrency('A3', "store appends/s ÷ raw single-row INSERT into an unconstrained table", 'store', 'raw', 0.7),
    ...perConcurrency('X1', "Ledger store appends/s ÷ Emmett's PostgreSQL appends/s", 'store', 'emmett', 1.5),
    {
      key: 'R1',
      title: 'relay events/s ÷ min(raw readAll, raw produce with the same Kafka client)',
      numerators: ['loop-relay'],
      baselines: ['raw-read-all', 'raw-kafka-produce'],
      figure: 'ops/s',
      direction: 'at-least',
      target: 0.7,
    },
    {
      key: 'P1',
      title: 'projector events/s ÷ min(raw no-op consume, raw bulk upsert), slowest projection',
      numerators: projections.map((name) => `loop-projector-${name}`),
      baselines: ['raw-kafka-drain', 'raw-bulk-upsert'],
      figure: 'ops/s',
      direction: 'at-least',
      target: 0.7,
    },
    {
      key: 'P2',
      title: 'projector events/s with two instances ÷ with one, same backlog size',
      numerators: ['loop-projector-2-instances'],
      baselines: ['loop-projector-1-instance'],
      figure: 'ops/s',
      direction: 'at-least',
      target: 1.6,
    },
    {
      key: 'B1',
      title: 'rebuild events/s ÷ raw keyset read, slowest projection',
      numerators: projections.map((name) => `rebuild-${name}`),
      baselines: ['raw-keyset-read'],
      figure: 'ops/s',
      direction: 'at-least',
      target: 0.3,
    },
    ...(['p50', 'p99'] as const).map(
      (figure): GoalDefinition => ({
        key: `L1-${figure}`,
        title: `end-to-end lag ${figure} ÷ raw produce → consume → write round trip, slowest view`,
        numerators: views.map((view) => `loop-lag-${view}`),
        baselines: ['raw-kafka-roundtrip'],
        figure,
        direction: 'at-most',
        // A tail is allowed more than the middle (issue 16: p50 ≤ 2, p99 ≤ 3).
        target: figure === 'p50' ? 2 : 3,
      }),
    ),
    {
      key: 'Q1',
      title: `query API requests/s ÷ a bare Fastify route doing the same lookup, ${clients} clients`,
      numerators: [`query-api-${clients}`],
      baselines: [`raw-fastify-${clients}`],
      figure: 'ops/s',
      direction: 'at-least',
      target: 0.75,
    },
    ...(['p50', 'max'] as const).map(
      (figure): GoalDefinition => ({
        key: `F1-${figure}`,
        title: `SIGKILL of one of two projector instances → every partition applied again (s), ${figure} of the kills`,
        numerators: ['loop-failover'],
        baselines: [],
        figure,
        direction: 'at-most',
        target: 3,
        unit: 'seconds',
      }),
    ),
    {
      key: 'H1',
      title: 'load of a 100-event stream ÷ a raw select of its rows (p50)',
      numerators: ['store-load-100'],
      baselines: ['raw-stream-select'],
      figure: 'p50',
      direction: 'at-most',
      target: 1.5,
    },
  ];
}

const valueOf = (row: MeasuredRow, figure: Figure): number =>
  figure === 'ops/s' ? row.opsPerSecond : figure === 'p50' ? row.p50Ms : figure === 'p99' ? row.p99Ms : row.maxMs;

/** The worst ratio among a goal's numerators over its most demanding baseline. */
export function evaluateGoal(goal: GoalDefinition, rows: readonly MeasuredRow[]): GoalResult {
  const measured = (names: readonly string[]) =>
    names.flatMap((name) => {
      const row = rows.find((candidate) => candidate.name === name);
      const value = row === undefined ? Number.NaN : valueOf(row, goal.figure);
      return Number.isFinite(value) && value > 0 ? [{ name, value }] : [];
    });
  const numerators = measured(goal.numerators);
  if (goal.unit === 'seconds') {
    const worst = numerators.sort((a, b) => b.value - a.value)[0];
    if (numerators.length < goal.numerators.length || worst === undefined) return { ...goal, ratio: undefined, numerator: undefined, baseline: undefined, met: undefined };
    const seconds = worst.value / 1_000;
    return { ...goal, ratio: seconds, numerator: worst.name, baseline: undefined, met: seconds <= goal.target };
  }
  const baselines = measured(goal.baselines);
  // A rate is held to the slower baseline; a latency to the faster one (the floor).
  const baseline = baselines.sort((a, b) => a.value - b.value)[0];
  if (numerators.length < goal.numerators.length || baselines.length < goal.baselines.length || baseline === undefined) {
    return { ...goal, ratio: undefined, numerator: undefined, baseline: undefined, met: undefined };
  }
  const ratios = numerators.map((numerator) => ({ name: numerator.name, ratio: numerator.value / baseline.value }));
  const worst = ratios.sort((a, b) => (goal.direction === 'at-least' ? a.ratio - b.ratio : b.ratio - a.ratio))[0];
  const ratio = worst?.ratio;
  const met = ratio === undefined ? undefined : goal.direction === 'at-least' ? ratio >= goal.target : ratio <= goal.target;
  return { ...goal, ratio, numerator: worst?.name, baseline: baseline.name, met };
}

export function evaluateGoals(clients: number, rows: readonly MeasuredRow[]): GoalResult[] {
  return goalDefinitions(clients).map((goal) => evaluateGoal(goal, rows));
}

export function formatGoals(results: readonly GoalResult[]): string[][] {
  return results.map((goal) => [
    goal.key,
    goal.title,
    goal.ratio === undefined ? 'not measured' : goal.unit === 'seconds' ? `${goal.ratio.toFixed(2)} s` : `${goal.ratio.toFixed(2)}×`,
    `${goal.direction === 'at-least' ? '≥' : '≤'} ${goal.target}`,
    goal.met === undefined ? '-' : goal.met ? 'met' : 'SHORT',
    goal.numerator === undefined ? '-' : goal.unit === 'seconds' ? goal.numerator : `${goal.numerator} ÷ ${goal.baseline ?? '?'}`,
  ]);
}
