import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface BuiltAppOptions {
  /** Absolute path of the built entry, e.g. `<repo>/apps/command-api/dist/main.js`. */
  readonly main: string;
  /** The child's whole environment (tests pass `{ ...process.env, COMMAND_API_PORT: '...' }`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long to wait for the app to listen (or to exit); generous for cold caches. */
  readonly timeoutMs?: number;
}

/** A built app running as a child process, as it would in production. */
export interface RunningApp {
  /** The URL from the app's `listening` log line. */
  readonly url: string;
  /** The process id: a test that must prove an app survived compares it before and after. */
  readonly pid: number;
  /** Whether the process is still running. */
  isRunning(): boolean;
  /** Every stdout (JSON log) and stderr line so far, for assertions and failure messages. */
  output(): readonly string[];
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. Waits for the exit. */
  kill(): Promise<number | null>;
}

export interface ExitedApp {
  readonly code: number | null;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** `startBuiltApp` waits for the `listening` line, logged at info: a quieter LOG_LEVEL would hide it. */
function withListeningLineVisible(env: BuiltAppOptions['env']): BuiltAppOptions['env'] {
  const hidesInfo = ['warn', 'error', 'fatal', 'silent'].includes(env['LOG_LEVEL'] ?? '');
  return hidesInfo ? { ...env, LOG_LEVEL: 'info' } : env;
}

/** `node <main>` with stdout and stderr collected line by line. */
class AppProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly child: ChildProcess;
  readonly closed: Promise<number | null>;

  constructor(options: BuiltAppOptions, onStdoutLine: (line: string) => void = () => undefined) {
    this.child = spawn(process.execPath, [options.main], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // 'close' fires after the pipes drained, so the lines are complete when it resolves.
    this.closed = once(this.child, 'close').then(([code]) => code as number | null);
    if (this.child.stdout) {
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        this.stdout.push(line);
        onStdoutLine(line);
      });
    }
    if (this.child.stderr) createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
  }

  output(): string[] {
    return [...this.stdout, ...this.stderr];
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.closed;
  }
}

function listeningUrl(line: string): string | undefined {
  try {
    // ECS: the line's text is `message`; a logged `url` string is `url.original` (create-logger.ts).
    const entry = JSON.parse(line) as { message?: unknown; url?: { original?: unknown } };
    return entry.message === 'listening' && typeof entry.url?.original === 'string' ? entry.url.original : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node <main>` and resolves once it logged `listening`. Rejects, with everything the app
 * printed, if it exits first or stays silent past the timeout (the child is killed then).
 */
export async function startBuiltApp(options: BuiltAppOptions): Promise<RunningApp> {
  let announce: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (announce = resolve));
  const app = new AppProcess({ ...options, env: withListeningLineVisible(options.env) }, (line) => {
    const url = listeningUrl(line);
    if (url !== undefined) announce(url);
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<string>((_resolve, reject) => {
    const fail = (reason: string) => reject(new Error(`${options.main} ${reason}:\n${app.output().join('\n')}`));
    timer = setTimeout(() => void app.stop('SIGKILL').then(() => fail(`did not listen within ${timeoutMs} ms`)), timeoutMs);
    app.closed.then(
      (code) => fail(`exited with code ${code} before listening`),
      (error: unknown) => fail(`could not be started: ${String(error)}`),
    );
  });
  try {
    const url = await Promise.race([listening, failure]);
    const { child } = app;
    return {
      url,
      pid: child.pid ?? -1,
      isRunning: () => child.exitCode === null && child.signalCode === null,
      output: () => app.output(),
      stop: () => app.stop(),
      kill: () => app.stop('SIGKILL'),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `node <main>` to its end, for apps expected to refuse to start, and reports how it ended. */
export async function runBuiltAppToExit(options: BuiltAppOptions): Promise<ExitedApp> {
  const app = new AppProcess(options);
  const timer = setTimeout(() => void app.stop('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const code = await app.closed;
    return { code, stdout: app.stdout, stderr: app.stderr };
  } finally {
    clearTimeout(timer);
  }
}
