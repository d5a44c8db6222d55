import { rmSync } from 'node:fs';
import type { Component, ComponentName, ComponentState, ComponentStatus } from './component';
import { allComponents } from './components';
import { withStackLock } from './lock';
import { assertPortFree } from './ports';
import { isOurProcessAlive, readPidRecord, runningPid, stopProcess } from './processes';
import { externalUrls } from './settings';

export interface UpResult {
  readonly components: readonly { name: ComponentName; state: ComponentState; url: string; seconds: number }[];
  /** What the apps and tests should use: one variable per component. */
  readonly env: Record<Component['envVariable'], string> & Record<string, string>;
  /** Where the servers' programs are (`LEDGER_FERRETDB_BINARY`), for tests that run private instances. */
  readonly programs: Record<string, string>;
  /** The components this call started, so a caller can stop exactly those again. */
  readonly started: readonly ComponentName[];
}

export type Progress = (line: string) => void;

/**
 * Brings every component up: one the environment points to is checked and used, one already
 * running is checked, anything else is installed (cached) and started. Idempotent.
 */
export function up(progress: Progress): Promise<UpResult> {
  return withStackLock(async () => {
    const [postgres, kafka, ferretdb, oidcProvider, redis] = allComponents() as [Component, Component, Component, Component, Component];
    // PostgreSQL, Kafka, the OpenID provider and Redis are independent; FerretDB needs PostgreSQL first.
    const [postgresResult, kafkaResult, providerResult, redisResult] = await Promise.all([
      bringUp(postgres, progress),
      bringUp(kafka, progress),
      bringUp(oidcProvider, progress),
      bringUp(redis, progress),
    ]);
    const ferretResult = await bringUp(ferretdb, progress);
    const components = [postgresResult, kafkaResult, ferretResult, providerResult, redisResult];
    const env = {} as UpResult['env'];
    const programs: UpResult['programs'] = {};
    for (const [index, component] of [postgres, kafka, ferretdb, oidcProvider, redis].entries()) {
      const result = components[index];
      if (result !== undefined) env[component.envVariable] = result.url;
      if (result !== undefined && result.state !== 'external') Object.assign(env, component.connectionEnv);
      if (component.binary !== undefined) {
        await component.install(progress);
        programs[component.binary.envVariable] = component.binary.path;
      }
    }
    return { components, env, programs, started: components.filter((c) => c.state === 'started').map((c) => c.name) };
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
  await assertPortFree(component.port, component.name, `LEDGER_${component.name.toUpperCase()}_PORT`);
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
