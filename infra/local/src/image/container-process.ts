import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processLines, runCaptured, stopWithin, type ExecResult, type StopResult } from './process-lines';

export type { ExecResult, StopResult } from './process-lines';

/** A command as a container engine would start it from an image, without the engine. */
export interface ContainerSpec {
  /** ENTRYPOINT and CMD, paths already pointed into the replayed image. */
  readonly argv: readonly string[];
  /** The container's whole environment: nothing of this process's leaks in. */
  readonly env: Readonly<Record<string, string>>;
  /** The image's WORKDIR. */
  readonly cwd: string;
  /** The image's USER, numeric. */
  readonly uid: number;
  readonly gid: number;
}

export interface RunningContainer {
  /** The container's PID 1 as this machine sees it: what `docker stop` signals. */
  readonly pid: number;
  /** Every line written to stdout and stderr so far. */
  output(): readonly string[];
  /** The container's exit code, once it has exited (a command that ends by itself, like the CLI). */
  exited(): Promise<number | null>;
  /** Resolves with the first line (seen or to come) that passes `test`; rejects on exit or timeout. */
  waitForLine(test: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** `docker exec -e …`: another command in the container's namespaces, as its user, with `env` over the container's environment. */
  exec(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<ExecResult>;
  /** `docker stop`: SIGTERM to PID 1, SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<StopResult>;
}

/**
 * The part of a container that decides whether an app runs as it would in the image: its own PID
 * namespace (the entry point is PID 1, and signals reach it as `docker stop` sends them), a
 * read-only root (`docker run --read-only`: a private mount namespace in which `/` is remounted
 * read-only; /proc, /dev and /dev/shm stay as Docker mounts them), an unprivileged user with no
 * capabilities and no way to gain any, and only the given environment. The network stays the
 * machine's, so the app reaches the local stack. Needs root (and util-linux: unshare, setpriv, nsenter).
 */
export async function startContainer(spec: ContainerSpec): Promise<RunningContainer> {
  const enter = 'mount -o remount,bind,ro / && cd "$1" && uid=$2 gid=$3 && shift 3 && exec setpriv --reuid="$uid" --regid="$gid" --clear-groups --no-new-privs -- "$@"';
  // --kill-child: should this process die, the namespace's PID 1 dies too, and the kernel ends the rest.
  const child = spawn('unshare', ['--pid', '--fork', '--kill-child', '--mount-proc', '--', 'sh', '-c', enter, 'container', spec.cwd, String(spec.uid), String(spec.gid), ...spec.argv], {
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = processLines(child);
  const closed = lines.closed;
  const pid = await pidOneOf(child.pid ?? -1);

  return {
    pid,
    output: () => lines.all(),
    exited: () => closed,
    waitForLine: (test, timeoutMs) => lines.waitFor(test, timeoutMs),
    exec(argv, env) {
      const args = ['--target', String(pid), '--pid', '--mount', `--wd=${spec.cwd}`, '--', 'setpriv', `--reuid=${spec.uid}`, `--regid=${spec.gid}`, '--clear-groups', '--no-new-privs', '--', ...argv];
      return runCaptured('nsenter', args, { ...spec.env, ...env });
    },
    stop: (graceMs) => stopWithin((name) => signal(pid, name), closed, graceMs),
  };
}

/** A process that has already gone is not an error for stop(). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ESRCH') throw error;
  }
}

/**
 * unshare --fork runs the command in a child, which is PID 1 inside: found by its parent, which
 * it has from the moment unshare forked it (read right after spawn, it may not be there yet).
 */
async function pidOneOf(unsharePid: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const children = await readFile(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').catch(() => '');
    if (children.trim() !== '') return Number(children.trim().split(' ')[0]);
    await sleep(10);
  }
  throw new Error(`unshare (pid ${unsharePid}) forked no child within 5 s`);
}
