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
}

export const usage = `usage: npm run bench -- [--duration <s>] [--warmup <s>] [--clients <n>] [--only <filter>[,<filter>...]]
  --duration   measured seconds per scenario (default 5)
  --warmup     unmeasured seconds before each scenario (default 1)
  --clients    concurrency of the many-client scenarios (default 16)
  --only       layers (raw, store, api), parts of scenario names (e.g. one-account) or "append";
               the raw baseline at the same concurrency always runs, for the ratios`;

export class UsageError extends Error {}

const flags = ['--duration', '--warmup', '--clients', '--only'];

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  let durationSeconds = 5;
  let warmupSeconds = 1;
  let clients = 16;
  const only: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inline] = splitFlag(argv[index] ?? '');
    if (flag === '--help' || flag === '-h') return 'help';
    if (!flags.includes(flag)) throw new UsageError(`unknown option "${flag}"`);
    const value = inline ?? argv[(index += 1)];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
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
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  return { durationSeconds, warmupSeconds, clients, only };
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
