import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ComponentPaths } from './paths';
import { sleep } from './wait';

/** What we record about a server we started, so `down` stops only what `up` started. */
export interface PidRecord {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
}

export interface DaemonSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly pidFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Text the running program's command line contains, when `command` execs another (unshare). */
  readonly identifiedBy?: string;
}

/**
 * Starts a long-running server detached from this process (its own session, output appended to
 * its log file), so it outlives the CLI that started it. Returns the recorded pid.
 */
export function spawnDaemon(spec: DaemonSpec): PidRecord {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    const record: PidRecord = { pid: child.pid, command: spec.identifiedBy ?? spec.command, startedAt: new Date().toISOString() };
    writeFileSync(spec.pidFile, `${JSON.stringify(record)}\n`);
    return record;
  } finally {
    closeSync(log);
  }
}

export function readPidRecord(pidFile: string): PidRecord | undefined {
  if (!existsSync(pidFile)) return undefined;
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** Alive and still the program we started (a recycled pid of another program does not count). */
export function isOurProcessAlive(record: PidRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  try {
    const commandLine = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    const zombie = /\) Z /.test(readFileSync(`/proc/${record.pid}/stat`, 'utf8'));
    // A process in the middle of execve (unshare or setpriv becoming the server) shows an empty
    // command line for a moment: alive, not someone else's. Taking it for dead made `up` report a
    // server that was starting as exited, and remove the pid file of a server that then ran on.
    return !zombie && (commandLine === '' || commandLine.includes(record.command));
  } catch {
    return true; // no /proc (not Linux): trust the signal probe
  }
}

/** The pid of the live server recorded in `pidFile`, or undefined (a stale file is removed). */
export function runningPid(pidFile: string): number | undefined {
  const record = readPidRecord(pidFile);
  if (record === undefined) return undefined;
  if (isOurProcessAlive(record)) return record.pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

/** Sends `signal`, waits up to `graceMs` for the process to exit, then kills it. */
export async function stopProcess(pidFile: string, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
  const record = readPidRecord(pidFile);
  if (record === undefined || !isOurProcessAlive(record)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(record.pid, signal);
  const deadline = Date.now() + graceMs;
  while (isOurProcessAlive(record) && Date.now() < deadline) await sleep(100);
  if (isOurProcessAlive(record)) process.kill(record.pid, 'SIGKILL');
  while (isOurProcessAlive(record)) await sleep(50);
  rmSync(pidFile, { force: true });
  return true;
}

/**
 * For readiness waits: a reason to stop waiting when the server we started is already gone
 * (bad config, port taken), instead of sitting out the whole timeout.
 */
export function exitedDuringStart(paths: ComponentPaths, what: string): () => string | undefined {
  return () => (existsSync(paths.pidFile) && runningPid(paths.pidFile) === undefined ? `the ${what} exited; see ${paths.logFile}` : undefined);
}
