import type { Profile } from '../component';
import { StackError } from '../stack-error';
import { down, up, type UpResult } from '../stack';
import { Supervisor } from '../supervisor';
import { buildApps, spawnApp, type AppName } from './apps';

/** One app process to keep running: which app, its log label and its whole environment. */
export interface AppInstance {
  readonly name: AppName;
  readonly label: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * What `npm start` and `npm run cluster` share: the stack brought up, the apps built and kept
 * running under supervisors, and one way down that stops exactly what this run started, in
 * reverse order (gateway, apps, then the stack servers it started, never ones it found running).
 */
export class LocalRun {
  private readonly supervisors: Supervisor[] = [];
  private readonly stoppers: (() => Promise<void>)[] = [];
  private stopStack: (() => Promise<void>) | undefined;
  private stopping: Promise<void> | undefined;

  /** `command` names the lines this run prints: `[start]`, `[cluster]`. */
  constructor(private readonly command: string) {}

  readonly say = (line: string): void => {
    process.stderr.write(`[${this.command}] ${line}\n`);
  };

  private readonly stackProgress = (line: string): void => {
    process.stderr.write(`[stack] ${line}\n`);
  };

  async upStack(profiles: readonly Profile[]): Promise<UpResult> {
    const stack = await up(this.stackProgress, { profiles });
    this.stopStack = () => down(stack.started, this.stackProgress);
    return stack;
  }

  build(): void {
    this.say('building the apps (cached after the first run)…');
    if (!buildApps()) throw new StackError(`the build failed (output above); fix it and run npm ${this.command === 'start' ? 'start' : `run ${this.command}`} again`);
  }

  /** Starts each instance under a supervisor (an app that exits is restarted with backoff). */
  supervise(instances: readonly AppInstance[]): void {
    const width = Math.max(21, ...instances.map((instance) => instance.label.length + 3));
    for (const instance of instances) {
      const supervisor = new Supervisor({ name: instance.label, spawn: () => spawnApp(instance.name, instance.env, instance.label, width), say: this.say });
      supervisor.start();
      this.supervisors.push(supervisor);
    }
  }

  /** Something else to stop on the way down (the gateway); the last registered stops first. */
  onStop(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  /**
   * Stops everything this run started; safe to call more than once. The apps are told first, so
   * none that Ctrl-C already ended is restarted; the stack servers go last, once nothing uses them.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const apps = Promise.all(this.supervisors.map((supervisor) => supervisor.stop()));
      for (const stop of [...this.stoppers].reverse()) await stop();
      await apps;
      await this.stopStack?.();
    })();
    return this.stopping;
  }

  /** Ctrl-C (SIGINT) and SIGTERM stop the run and end the process. */
  stopOnSignals(): void {
    const handle = (): void => {
      if (this.stopping === undefined) this.say('stopping…');
      void this.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', handle);
    process.on('SIGTERM', handle);
  }

  /** For `main().catch`: stops what was started, prints the reason, exits 1. */
  async fail(error: unknown): Promise<never> {
    process.stderr.write(`${this.command}: ${error instanceof Error ? error.message : String(error)}\n`);
    await this.stop().catch((stopError: unknown) => process.stderr.write(`${this.command}: while stopping: ${String(stopError)}\n`));
    process.exit(1);
  }
}
