import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A child's stdout and stderr line by line, and its end, for tests that wait on what it logs. */
export interface ProcessLines {
  /** Every line so far. */
  all(): readonly string[];
  /** Resolves with the first line (seen or to come) that passes `test`; rejects on exit or timeout. */
  waitFor(test: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** The exit code once the pipes drained, or 128 + the signal that ended the process. */
  readonly closed: Promise<number | null>;
}

export function processLines(child: ChildProcess): ProcessLines {
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const watcher of watchers) watcher(line);
    });
  }
  // 'close' fires after the pipes drained, so every line is in by then.
  const closed = once(child, 'close').then(([code, signal]) => (code as number | null) ?? (signal === null ? null : 128 + constants.signals[signal as NodeJS.Signals]));
  return {
    all: () => [...lines],
    closed,
    waitFor(test, timeoutMs) {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (finish: () => void): void => {
          watchers.delete(watcher);
          clearTimeout(timer);
          finish();
        };
        const watcher = (line: string): void => {
          if (test(line)) done(() => resolve(line));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no such line within ${timeoutMs} ms:\n${lines.join('\n')}`))), timeoutMs);
        watchers.add(watcher);
        void closed.then((code) => done(() => reject(new Error(`the process exited (${String(code)}) first:\n${lines.join('\n')}`))));
      });
    },
  };
}

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; a non-zero exit is a result, not an error. */
export async function runCaptured(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ExecResult> {
  try {
    const { stdout, stderr } = await run(command, [...args], { env, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : null, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

export interface StopResult {
  /** The container's exit code: its PID 1's, or 128 + the signal that ended it. */
  readonly code: number | null;
  readonly elapsedMs: number;
  /** Whether the grace period ran out and PID 1 had to be killed, as `docker stop` does. */
  readonly killed: boolean;
}

/** `docker stop`: SIGTERM, then SIGKILL if `closed` has not settled after `graceMs`. */
export async function stopWithin(signal: (name: 'SIGTERM' | 'SIGKILL') => void, closed: Promise<number | null>, graceMs: number): Promise<StopResult> {
  const started = Date.now();
  let killed = false;
  signal('SIGTERM');
  const timer = setTimeout(() => {
    killed = true;
    signal('SIGKILL');
  }, graceMs);
  const code = await closed;
  clearTimeout(timer);
  return { code, elapsedMs: Date.now() - started, killed };
}
