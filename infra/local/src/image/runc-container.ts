import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningContainer } from './container-process';
import { type OciTools } from './oci-tools';
import { processLines, runCaptured, stopWithin } from './process-lines';

const run = promisify(execFile);

/** What an image says about running it (`buildah inspect`), the part a container engine uses. */
export interface ImageConfig {
  readonly user: string;
  readonly env: readonly string[];
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly workingDir: string;
  readonly stopSignal: string | undefined;
  /** `HEALTHCHECK CMD …` as stored in the Docker image format; the OCI format has none. */
  readonly healthcheck: readonly string[] | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

interface InspectedImage {
  readonly OCIv1: { readonly config: { User?: string; Env?: string[]; Entrypoint?: string[]; Cmd?: string[]; WorkingDir?: string; StopSignal?: string; Labels?: Record<string, string> } };
  readonly Docker: { readonly config: { Healthcheck?: { Test?: string[] } } };
}

export async function imageConfig(tools: OciTools, image: string): Promise<ImageConfig> {
  const inspected = JSON.parse(await tools.buildah(['inspect', '--type', 'image', image], 60_000)) as InspectedImage;
  const config = inspected.OCIv1.config;
  const test = inspected.Docker.config.Healthcheck?.Test;
  return {
    user: config.User ?? '',
    env: config.Env ?? [],
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    workingDir: config.WorkingDir ?? '/',
    stopSignal: config.StopSignal,
    healthcheck: test?.[0] === 'CMD' ? test.slice(1) : undefined,
    labels: config.Labels ?? {},
  };
}

/** The image's files, mounted read-write by Buildah; the container gets them read-only. */
export interface MountedImage {
  readonly rootfs: string;
  release(): Promise<void>;
}

export async function mountImage(tools: OciTools, image: string): Promise<MountedImage> {
  const container = await tools.buildah(['from', '--pull=never', image], 120_000);
  const rootfs = await tools.buildah(['mount', container], 60_000);
  return {
    rootfs,
    release: async () => {
      await tools.buildah(['umount', container], 60_000).catch(() => undefined);
      await tools.buildah(['rm', container], 60_000).catch(() => undefined);
    },
  };
}

export interface RuncSpec {
  readonly rootfs: string;
  readonly config: ImageConfig;
  /** Replaces the image's CMD, as `docker run <image> <args>` does. */
  readonly args: readonly string[];
  /** Added to the image's ENV, as `docker run -e` does. */
  readonly env: Readonly<Record<string, string>>;
}

/** `NAME=value` lines, later ones overriding earlier ones of the same name. */
function mergedEnv(image: readonly string[], extra: Readonly<Record<string, string>>): string[] {
  const merged = new Map(image.map((line) => [line.slice(0, line.indexOf('=')), line] as const));
  for (const [name, value] of Object.entries(extra)) merged.set(name, `${name}=${value}`);
  return [...merged.values()];
}

/**
 * `docker run --read-only --network host <image> <args>` with runc: runc's default container
 * (PID, mount, IPC and UTS namespaces, its default mounts, masked paths and capabilities, no new
 * privileges) on the image's files read-only, with the image's user, working directory, entry
 * point and environment; the machine's network, so the apps reach the local stack.
 */
export async function runcContainer(tools: OciTools, spec: RuncSpec): Promise<RunningContainer & { remove(): Promise<void> }> {
  const bundle = mkdtempSync(join(tmpdir(), 'ledger-runc-'));
  const state = join(bundle, 'state');
  const id = `ledger-${process.pid}-${Date.now().toString(36)}`;
  await run(tools.runc, ['spec', '--bundle', bundle], { env: tools.env });
  const runtime = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as {
    process: Record<string, unknown>;
    root: Record<string, unknown>;
    hostname?: string;
    linux: { namespaces: { type: string }[]; resources?: unknown };
  };
  const [uid = Number.NaN, gid = Number.NaN] = spec.config.user.split(':').map(Number);
  const env = mergedEnv(spec.config.env, spec.env);
  runtime.root = { path: spec.rootfs, readonly: true };
  runtime.process = { ...runtime.process, terminal: false, user: { uid, gid }, args: [...spec.config.entrypoint, ...spec.args], env, cwd: spec.config.workingDir };
  runtime.hostname = 'ledger';
  runtime.linux.namespaces = runtime.linux.namespaces.filter((namespace) => namespace.type !== 'network');
  // Resource limits are the orchestrator's business, and this machine's cgroups are a v1/v2 hybrid.
  delete runtime.linux.resources;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(runtime));

  const runc = (args: readonly string[]): string[] => ['--root', state, ...args];
  const child = spawn(tools.runc, runc(['run', '--bundle', bundle, id]), { env: tools.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = processLines(child);
  const closed = lines.closed;
  const pid = await pidOf(tools, runc(['state', id]), closed);
  const signal = (name: 'SIGTERM' | 'SIGKILL'): void => void run(tools.runc, runc(['kill', id, name.slice(3)]), { env: tools.env }).catch(() => undefined);
  return {
    pid,
    output: () => lines.all(),
    exited: () => closed,
    waitForLine: (test, timeoutMs) => lines.waitFor(test, timeoutMs),
    exec: (argv, extra) =>
      // runc exec starts from the container's environment; --env overrides a variable of it.
      runCaptured(tools.runc, runc(['exec', '--user', `${uid}:${gid}`, '--cwd', spec.config.workingDir, ...Object.entries(extra).flatMap(([name, value]) => ['--env', `${name}=${value}`]), id, ...argv]), tools.env),
    stop: (graceMs) => stopWithin(signal, closed, graceMs),
    remove: async () => {
      await run(tools.runc, runc(['delete', '--force', id]), { env: tools.env }).catch(() => undefined);
      rmSync(bundle, { recursive: true, force: true });
    },
  };
}

/** The container's PID 1 as this machine sees it, once runc has started it (or 0 if it ended first). */
async function pidOf(tools: OciTools, stateArgs: readonly string[], closed: Promise<number | null>): Promise<number> {
  let ended = false;
  void closed.then(() => (ended = true));
  for (let attempt = 0; attempt < 200 && !ended; attempt += 1) {
    const state = await runCaptured(tools.runc, stateArgs, tools.env);
    const pid = state.code === 0 ? (JSON.parse(state.stdout) as { pid?: number; status?: string }) : undefined;
    if (pid?.status === 'running' && typeof pid.pid === 'number') return pid.pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 0;
}
