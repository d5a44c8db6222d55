import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StackError } from './stack-error';

export interface StepSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly failure: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/**
 * Runs one install or build step to completion, its output kept in a log file (a first
 * `go build` or `mvn` prints pages a user only needs when it fails).
 */
export function runStep(spec: StepSpec): Promise<void> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  return new Promise((resolvePromise, reject) => {
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new StackError(`${spec.failure}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      log.end();
      if (code === 0) resolvePromise();
      else reject(new StackError(`${spec.failure} (${signal ?? `exit ${String(code)}`}); see ${spec.logFile}`));
    });
  });
}
