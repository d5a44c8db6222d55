// Where the machine's CPU goes between two samples, from /proc: by built app (apps/<name>/dist)
// or by command name (postgres, java for Kafka, nginx, pgbouncer, node for the bench itself).
import { readdirSync, readFileSync } from 'node:fs';
import { fixed } from './report';

/**
 * CPU jiffies used so far per kind of process: a built app by its name (apps/<name>/dist), the
 * others by their command name (postgres, java for Kafka, ferretdb, node for the bench itself).
 * Processes that started or ended between two samples count only for what they used while seen.
 */
export function cpuByProcess(): Map<string, number> {
  const used = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const jiffies = Number(fields[11]) + Number(fields[12]);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const app = /apps\/([a-z-]+)\/dist/.exec(commandLine)?.[1];
      // Node names its main thread "MainThread": the bench's own process is the load generator.
      // The kernel's workers (kworker/u8:2-writeback, …) are one kind: their names change by the second.
      const kind = app ?? (commandLine.includes('bench/run.ts') ? 'bench (load)' : comm.startsWith('kworker/') ? 'kernel workers' : comm);
      used.set(kind, (used.get(kind) ?? 0) + jiffies);
    } catch {
      // Gone meanwhile.
    }
  }
  return used;
}

/** Per kind of process, its share of the machine's CPU between two samples (100 = every core), largest first. */
export function cpuShares(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, totalJiffies: number): string {
  return [...after]
    .map(([kind, jiffies]) => [kind, (100 * (jiffies - (before.get(kind) ?? 0))) / totalJiffies] as const)
    .filter(([, share]) => share >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, share]) => `${kind} ${fixed(share)} %`)
    .join(', ');
}

/** Jiffies of all CPUs since boot: busy (everything but idle and iowait) and total. */
export function machineCpu(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}
