import { rmSync } from 'node:fs';
import type { Component, ComponentName, ComponentState, ComponentStatus, CoreVariable, Profile } from './component';
import { allComponents } from './components';
import { withStackLock } from './lock';
import { assertPortFree } from './ports';
import { isOurProcessAlive, readPidRecord, runningPid, stopProcess } from './processes';
import { externalUrls } from './settings';

export interface UpResult {
  readonly components: readonly { name: ComponentName; state: ComponentState; url: string; seconds: number }[];
  /** What the apps and tests should use: one variable per component that is up, and its connectionEnv. */
  readonly env: Record<CoreVariable, string> & Record<string, string>;
  /** Where the servers' programs are (`LEDGER_FERRETDB_BINARY`), for tests that run private instances. */
  readonly programs: Record<string, string>;
  /** The components this call started, so a caller can stop exactly those again. */
  readonly started: readonly ComponentName[];
}

export interface UpOptions {
  /** Components of these profiles start too (`--with observability`). */
  readonly profiles?: readonly Profile[];
}

export type Progress = (line: string) => void;

/**
 * Brings every component up (those of a profile only when asked): one the environment points
 * to is checked and used, one already running is checked, anything else is installed (cached)
 * and started. Idempotent.
 */
export function up(progress: Progress, options: UpOptions = {}): Promise<UpResult> {
  return withStackLock(async () => {
    const all = allComponents();
    const wanted = all.filter((component) => component.profile === undefined || (options.profiles ?? []).includes(component.profile));
    // FerretDB stores its data in PostgreSQL, the replica copies it and PgBouncer is ready only
    // once a query went through it, so they start once that is up; the rest are independent.
    const needsPostgres = (component: Component): boolean => ['ferretdb', 'postgres-replica', 'pgbouncer'].includes(component.name);
    const independent = await Promise.all(wanted.filter((component) => !needsPostgres(component)).map((component) => bringUp(component, progress)));
    const dependent: UpResult['components'][number][] = [];
    for (const component of wanted.filter(needsPostgres)) dependent.push(await bringUp(component, progress));
    const byName = new Map([...independent, ...dependent].map((result) => [result.name, result]));
    const components = wanted.flatMap((component) => byName.get(component.name) ?? []);
    const env: Record<string, string> = {};
    for (const component of wanted) {
      const result = byName.get(component.name);
      if (result === undefined) continue;
      env[component.envVariable] = result.url;
      if (result.state !== 'external') Object.assign(env, component.connectionEnv);
    }
    const programs: UpResult['programs'] = {};
    for (const component of all.filter((candidate) => candidate.programs !== undefined)) {
      await component.install(progress);
      for (const program of component.programs ?? []) programs[program.envVariable] = program.path;
    }
    return {
      components,
      env: env as UpResult['env'],
      programs,
      started: components.filter((c) => c.state === 'started').map((c) => c.name),
    };
  });
}

async function bringUp(component: Component, progress: Progress): Promise<UpResult['components'][number]> {
  const began = Date.now();
  const seconds = (): number => Math.round((Date.now() - began) / 100) / 10;
  const external = externalUrls[component.envVariable];
  if (external !== undefined) {
    await component.waitReady(external, 15_000);
    progress(`${component.name}: using ${component.envVariable} (not started by the stack)`);
    return { name: component.name, state: 'external', url: external, seconds: seconds() };
  }
  if (runningPid(component.paths.pidFile) !== undefined) {
    await component.waitReady(component.localUrl, 60_000);
    return { name: component.name, state: 'running', url: component.localUrl, seconds: seconds() };
  }
  await component.install(progress);
  await assertPortFree(component.port, component.name, `LEDGER_${component.name.toUpperCase().replaceAll('-', '_')}_PORT`);
  for (const other of component.otherPorts ?? []) await assertPortFree(other.port, component.name, other.overrideVariable);
  progress(`${component.name}: starting ${component.name} ${component.version} on port ${component.port}…`);
  await component.start();
  progress(`${component.name}: ready in ${seconds()} s`);
  return { name: component.name, state: 'started', url: component.localUrl, seconds: seconds() };
}

/** Stops the named components (default: all) that the stack started, by their recorded pid. */
export function down(names: readonly ComponentName[] | undefined, progress: Progress): Promise<void> {
  return withStackLock(async () => {
    const selected = allComponents().filter((c) => names === undefined || names.includes(c.name));
    for (const component of selected.reverse()) {
      const stopped = await stopProcess(component.paths.pidFile, component.stopSignal, 30_000);
      if (stopped) progress(`${component.name}: stopped`);
    }
  });
}

export function status(): ComponentStatus[] {
  return allComponents().map((component) => {
    const external = externalUrls[component.envVariable];
    // Read without clearing a stale pid file, so a killed server keeps showing as died until `up`.
    const record = readPidRecord(component.paths.pidFile);
    const pid = record !== undefined && isOurProcessAlive(record) ? record.pid : undefined;
    const recorded = record !== undefined;
    return {
      name: component.name,
      state: external !== undefined ? 'external' : pid !== undefined ? 'running' : recorded ? 'died' : 'stopped',
      profile: component.profile,
      version: component.version,
      port: external !== undefined ? undefined : component.port,
      pid,
      dataDir: component.paths.dataDir,
      logFile: component.paths.logFile,
    };
  });
}

/** Stops everything and deletes the data and logs (not the download cache). */
export async function reset(progress: Progress): Promise<void> {
  await down(undefined, progress);
  for (const component of allComponents()) {
    rmSync(component.paths.home, { recursive: true, force: true });
    progress(`${component.name}: data and logs removed`);
  }
}
