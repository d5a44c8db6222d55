// Command-line options of `npm run bench -- [options]`.

export interface BenchOptions {
  /** Measured seconds per scenario. */
  readonly durationSeconds: number;
  /** Unmeasured seconds per scenario before it, to open connections and warm the JIT. */
  readonly warmupSeconds: number;
  /** The "many clients" concurrency (the single-client scenarios always use 1). */
  readonly clients: number;
  /** Run only scenarios matching one of these (layer, scenario name part, or `append`); empty = all. */
  readonly only: readonly string[];
  /** The full loop: deposits per second of its steady load, for this many measured seconds. */
  readonly rate: number;
  readonly loopSeconds: number;
  /** The full loop: accounts the steady load is spread over, and events of the projector's backlog. */
  readonly accounts: number;
  readonly backlog: number;
  /** The rebuild: events in the store it rebuilds each projection from. */
  readonly rebuildEvents: number;
  /** `--quick`: the smoke run's shorter defaults (explicit options still win). */
  readonly quick: boolean;
  /** Where latest.json and latest.md are written; undefined = bench/results. */
  readonly out: string | undefined;
}

export const usage = `usage: npm run bench -- [--quick] [--out <dir>] [--duration <s>] [--warmup <s>] [--clients <n>] [--only <filter>[,<filter>...]]
                        [--rate <n>] [--loop-duration <s>] [--accounts <n>] [--backlog <n>] [--rebuild-events <n>]
  --quick          a smoke run of about 3 minutes: shorter scenarios and smaller histories (figures less stable)
  --out            directory for latest.json, latest.md and their timestamped copies (default bench/results)
  --duration       measured seconds per scenario (default 20; 1.5 with --quick)
  --warmup         unmeasured seconds before each scenario (default 3; 0.5 with --quick)
  --clients        concurrency of the many-client scenarios (default 16)
  --only           layers (raw, store, api, loop, rebuild), parts of scenario names (e.g. one-account, loop-lag)
                   or "append" (raw, store and api); the baselines of what runs always run, for the ratios
  --rate           loop: deposits per second of the steady load (default 20; on 2 cores the whole stack queues from about 40)
  --loop-duration  loop: measured seconds of the steady load (default 60; 6 with --quick; the query API watches ≤ 20 commands/s of it)
  --accounts       loop: accounts the steady load is spread over (default 200)
  --backlog        loop: events appended while the relay, then the projector, is stopped, to time their catch-up (default 50000; 5000 with --quick)
  --rebuild-events rebuild: events in the store each projection is rebuilt from (default 200000; 40000 with --quick)`;

export class UsageError extends Error {}

/** The default run: stable figures in about 12 minutes on 2 cores (703 s measured). */
const standard = { durationSeconds: 20, warmupSeconds: 3, loopSeconds: 60, backlog: 50_000, rebuildEvents: 200_000 };
/** `--quick`: every scenario still runs, on a fraction of the time and data. */
const quick: typeof standard = { durationSeconds: 1.5, warmupSeconds: 0.5, loopSeconds: 6, backlog: 5_000, rebuildEvents: 40_000 };

const flags = ['--out', '--duration', '--warmup', '--clients', '--only', '--rate', '--loop-duration', '--accounts', '--backlog', '--rebuild-events'];

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  const isQuick = argv.includes('--quick');
  let { durationSeconds, warmupSeconds, loopSeconds, backlog, rebuildEvents } = isQuick ? quick : standard;
  let clients = 16;
  const only: string[] = [];
  let rate = 20;
  let accounts = 200;
  let out: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inline] = splitFlag(argv[index] ?? '');
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--quick') continue;
    if (!flags.includes(flag)) throw new UsageError(`unknown option "${flag}"`);
    const value = inline ?? argv[(index += 1)];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--out':
        out = value;
        break;
      case '--duration':
        durationSeconds = numberIn(flag, value, 0.1, 3600);
        break;
      case '--warmup':
        warmupSeconds = numberIn(flag, value, 0, 600);
        break;
      case '--clients':
        clients = Math.round(numberIn(flag, value, 2, 256));
        break;
      case '--only':
        only.push(...value.split(',').map((part) => part.trim()).filter((part) => part !== ''));
        break;
      case '--rate':
        rate = numberIn(flag, value, 1, 10_000);
        break;
      case '--loop-duration':
        loopSeconds = numberIn(flag, value, 1, 3600);
        break;
      case '--accounts':
        accounts = Math.round(numberIn(flag, value, 1, 100_000));
        break;
      case '--backlog':
        backlog = Math.round(numberIn(flag, value, 100, 10_000_000));
        break;
      case '--rebuild-events':
        rebuildEvents = Math.round(numberIn(flag, value, 500, 100_000_000));
        break;
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  return { durationSeconds, warmupSeconds, clients, only, rate, loopSeconds, accounts, backlog, rebuildEvents, quick: isQuick, out };
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function numberIn(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`${flag}: "${raw}" is not a number from ${min} to ${max}`);
  return value;
}
