import type { ChildProcess } from 'node:child_process';

export interface SupervisorOptions {
  readonly name: string;
  /** Starts the app once; called again for every restart. */
  readonly spawn: () => ChildProcess;
  /** Where restarts are reported (`npm start` prefixes them with [start]). */
  readonly say: (line: string) => void;
  /** The first restart's delay; each quick exit after it doubles the delay, up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A run this long counts as healthy: the next exit starts from `initialDelayMs` again. */
  readonly stableAfterMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly schedule?: (run: () => void, delayMs: number) => void;
}

/**
 * What an orchestrator does for a pod, for `npm start`: an app that exits on its own is started
 * again after a capped, jittered backoff, and each restart is reported, so a local system never
 * stays half up and a crash loop does not spin. The apps are built not to need it: an outage of
 * a server they use must never end them (the fault tier checks it by process id, without this).
 */
export class Supervisor {
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private quickExits = 0;
  private stopping = false;
  /** Restarts so far, for the report. */
  restarts = 0;

  constructor(private readonly options: SupervisorOptions) {}

  start(): void {
    const { now = Date.now } = this.options;
    this.startedAt = now();
    const child = this.options.spawn();
    this.child = child;
    child.once('exit', (code, signal) => this.exited(code, signal));
  }

  /** SIGTERM, then SIGKILL after `graceMs`; no restart follows. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolvePromise();
      });
      child.kill('SIGTERM');
    });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const { name, say, now = Date.now, random = Math.random, schedule = (run, ms) => void setTimeout(run, ms).unref() } = this.options;
    const how = signal ?? `code ${String(code)}`;
    if (this.stopping) return say(`${name} exited (${how})`);
    const ranMs = now() - this.startedAt;
    this.quickExits = ranMs >= (this.options.stableAfterMs ?? 60_000) ? 1 : this.quickExits + 1;
    const delayMs = this.delayMs(random);
    this.restarts += 1;
    say(`${name} exited (${how}) after ${(ranMs / 1_000).toFixed(1)} s; restarting in ${(delayMs / 1_000).toFixed(1)} s (restart ${this.restarts})`);
    schedule(() => {
      if (!this.stopping) this.start();
    }, delayMs);
  }

  /** Doubling per quick exit in a row, capped, minus up to 20% jitter. */
  private delayMs(random: () => number): number {
    const initial = this.options.initialDelayMs ?? 1_000;
    const capped = Math.min(this.options.maxDelayMs ?? 30_000, initial * 2 ** (this.quickExits - 1));
    return Math.round(capped * (1 - 0.2 * random()));
  }
}
