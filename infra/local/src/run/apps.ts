import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../paths';

export type AppName = 'command-api' | 'query-api' | 'projector' | 'event-relay' | 'transfer-processor';

export interface LocalApp {
  readonly name: AppName;
  /** The variable the app reads its port from, and its default. */
  readonly portVariable: string;
  readonly port: number;
}

/** The five apps, in the order `npm start` starts them. */
export const localApps: readonly LocalApp[] = [
  { name: 'command-api', portVariable: 'COMMAND_API_PORT', port: 3000 },
  { name: 'query-api', portVariable: 'QUERY_API_PORT', port: 3001 },
  { name: 'projector', portVariable: 'PROJECTOR_PORT', port: 3002 },
  { name: 'event-relay', portVariable: 'EVENT_RELAY_PORT', port: 3003 },
  { name: 'transfer-processor', portVariable: 'TRANSFER_PROCESSOR_PORT', port: 3005 },
];

export function localApp(name: AppName): LocalApp {
  const app = localApps.find((candidate) => candidate.name === name);
  if (app === undefined) throw new Error(`unknown app ${name}`);
  return app;
}

/** `nx run-many -t build`, output shown; Nx's cache makes a repeat cheap. True when it succeeded. */
export function buildApps(): boolean {
  const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '--output-style=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  return build.status === 0;
}

/** Runs a built app with its output on ours, each line prefixed with `[label]` padded to `width`. */
export function spawnApp(name: AppName, env: NodeJS.ProcessEnv, label: string = name, width = 21): ChildProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'apps', name, 'dist', 'main.js')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${label}]`.padEnd(width);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  return child;
}
