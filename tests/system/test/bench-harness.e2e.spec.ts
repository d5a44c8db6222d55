// `npm run bench` on a tiny run: every goal of the benchmark issue gets a ratio and every row
// its figures, from real servers. The backlog stays at --quick's 5,000: the relay's and the
// projector's rates are timed from their first batch or progress report, so a backlog swallowed
// in one batch (or between two 25 ms polls, on a fast box) has no rate. It checks that the
// harness measures and reports everything, never how fast anything is (the machines are shared
// and noisy).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '../../..');
const clients = 4;
/** The goals, at the run's two concurrencies where the issue names two. */
const goalKeys = ['A2-1', `A2-${clients}`, 'A3-1', `A3-${clients}`, 'X1-1', `X1-${clients}`, 'R1', 'P1', 'P2', 'B1', 'L1-p50', 'L1-p99', 'Q1', 'F1-p50', 'F1-max', 'H1'];
/** Absolute goals (seconds, no baseline). */
const absolute = new Set(['F1-p50', 'F1-max']);

interface Results {
  environment: { options: { quick: boolean } };
  goals: { key: string; ratio?: number; numerator?: string; baseline?: string }[];
  results: { name: string; errors: number; opsPerSecond: number | null; p50Ms: number | null }[];
  peaks: { benchPeakRssMb: number };
}

describe('npm run bench (a tiny run)', () => {
  const out = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  let results: Results;
  let markdown: string;

  beforeAll(async () => {
    const tiny = ['--quick', '--duration', '0.3', '--warmup', '0.1', '--clients', String(clients), '--loop-duration', '2', '--rate', '20'];
    const sizes = ['--accounts', '20', '--backlog', '5000', '--rebuild-events', '1000', '--out', out];
    await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', 'bench/run.ts', ...tiny, ...sizes], {
      cwd: repoRoot,
      maxBuffer: 64 * 2 ** 20,
    });
    results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as Results;
    markdown = readFileSync(join(out, 'latest.md'), 'utf8');
  }, 600_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('gives every goal a ratio (or, for an absolute one, seconds), naming the rows it divides', () => {
    expect(results.goals.map((goal) => goal.key)).toEqual(goalKeys);
    for (const goal of results.goals) {
      expect({ key: goal.key, finite: Number.isFinite(goal.ratio) && (goal.ratio ?? 0) > 0 }).toEqual({ key: goal.key, finite: true });
      expect(goal.numerator).toEqual(expect.any(String));
      if (!absolute.has(goal.key)) expect(goal.baseline).toEqual(expect.any(String));
    }
  });

  it('measures every row without errors, and each row has a rate or a latency', () => {
    const rowNames = results.results.map((row) => row.name);
    for (const goal of results.goals) expect(rowNames).toEqual(expect.arrayContaining([goal.numerator, ...(absolute.has(goal.key) ? [] : [goal.baseline])]));
    for (const row of results.results) {
      expect({ name: row.name, errors: row.errors }).toEqual({ name: row.name, errors: 0 });
      expect({ name: row.name, measured: (row.opsPerSecond ?? 0) > 0 || (row.p50Ms ?? 0) > 0 }).toEqual({ name: row.name, measured: true });
    }
    expect(results.peaks.benchPeakRssMb).toBeGreaterThan(0);
    expect(results.environment.options.quick).toBe(true);
  });

  it('writes the same run as Markdown, goals first', () => {
    const goalsAt = markdown.indexOf('## Goals');
    expect(goalsAt).toBeGreaterThan(0);
    expect(markdown.indexOf('## Scenarios')).toBeGreaterThan(goalsAt);
    for (const key of goalKeys) expect(markdown).toContain(`| ${key} |`);
  });
});
