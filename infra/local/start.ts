// `npm start`: the whole system on this machine. Brings the local stack up, builds the apps,
// runs the five of them with prefixed logs under a supervisor (an app that exits is restarted
// with backoff, as an orchestrator would), and on Ctrl-C stops everything it started.
// `npm start -- --with observability` also starts Jaeger and Prometheus, and the apps trace.
import '@ledger/platform/require-supported-node';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './src/paths';
import { profileArguments } from './src/profile-arguments';
import { down, up } from './src/stack';
import { StackError } from './src/stack-error';
import { Supervisor } from './src/supervisor';

const apps = [
  { name: 'command-api', portVariable: 'COMMAND_API_PORT', port: 3000 },
  { name: 'query-api', portVariable: 'QUERY_API_PORT', port: 3001 },
  { name: 'projector', portVariable: 'PROJECTOR_PORT', port: 3002 },
  { name: 'event-relay', portVariable: 'EVENT_RELAY_PORT', port: 3003 },
  { name: 'transfer-processor', portVariable: 'TRANSFER_PROCESSOR_PORT', port: 3005 },
] as const;

const say = (line: string): void => {
  process.stderr.write(`[start] ${line}\n`);
};

async function main(): Promise<void> {
  // With the observability profile, stack.env carries OTEL_EXPORTER_OTLP_ENDPOINT to the apps.
  const stack = await up((line) => process.stderr.write(`[stack] ${line}\n`), { profiles: profileArguments(process.argv.slice(2)) });
  say('building the apps (cached after the first run)…');
  const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '--output-style=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) {
    await down(stack.started, (line) => process.stderr.write(`[stack] ${line}\n`));
    throw new StackError('the build failed (output above); fix it and run npm start again');
  }

  const supervisors = apps.map((app) => {
    const supervisor = new Supervisor({ name: app.name, spawn: () => startApp(app.name, { ...process.env, ...stack.env }), say });
    supervisor.start();
    return supervisor;
  });
  for (const app of apps) say(`${app.name} → http://127.0.0.1:${process.env[app.portVariable] ?? app.port} (health: /health, docs: /docs)`);
  say('every endpoint but /health wants a token: TOKEN=$(npm run -s ledger -- token --sub <you> --role teller) (roles: customer, teller, operator)');
  if (stack.env['JAEGER_URL'] !== undefined) say(`traces → ${stack.env['JAEGER_URL']}, metrics → ${stack.env['PROMETHEUS_URL'] ?? '-'}`);
  say('press Ctrl-C to stop the apps and the servers this command started');

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    await down(stack.started, (line) => process.stderr.write(`[stack] ${line}\n`));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function startApp(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'apps', name, 'dist', 'main.js')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(21);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  return child;
}

main().catch((error: unknown) => {
  process.stderr.write(`start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
