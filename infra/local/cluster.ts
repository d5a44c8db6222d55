// `npm run cluster`: several instances of every app behind the nginx gateway, on this machine.
// Brings the stack up with the cluster profile (a streaming replica for the query APIs' reads),
// builds the apps, runs each instance on its own port under a supervisor with prefixed logs
// (`[command-api#2]`), waits until every one is live, then starts the gateway on 8080. Ctrl-C
// stops the gateway, the apps and the stack servers this command started.
import '@ledger/platform/require-supported-node';
import type { Profile } from './src/component';
import { prometheusTargetsDir } from './src/components/prometheus';
import { addScrapeTargets } from './src/components/prometheus-config';
import { startGateway } from './src/gateway/gateway';
import { answersGet } from './src/http-check';
import { assertPortFree } from './src/ports';
import { profileArguments } from './src/profile-arguments';
import { clusterUsage, instanceEnv, parseClusterArguments, planCluster, type ClusterCounts, type PlannedInstance } from './src/run/cluster-plan';
import { LocalRun } from './src/run/local-run';
import { StackError } from './src/stack-error';
import { waitUntil } from './src/wait';

const run = new LocalRun('cluster');

async function main(args: readonly string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stderr.write(`${clusterUsage}\n`);
    return;
  }
  let counts: ClusterCounts;
  let profiles: Profile[];
  try {
    counts = parseClusterArguments(args);
    profiles = ['cluster', ...profileArguments(args).filter((profile) => profile !== 'cluster')];
  } catch (error) {
    // As `npm run stack` and the ledger CLI: 2 for a command line it does not understand.
    process.stderr.write(`cluster: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const basePort = portFrom('LEDGER_CLUSTER_BASE_PORT', 3_000);
  const gatewayPort = portFrom('LEDGER_GATEWAY_PORT', 8_080);
  const planned = planCluster(counts, basePort, {}, process.env);
  for (const instance of planned) await assertPortFree(instance.port, instance.label, 'LEDGER_CLUSTER_BASE_PORT');
  await assertPortFree(gatewayPort, 'gateway', 'LEDGER_GATEWAY_PORT');

  const stack = await run.upStack(profiles);
  run.stopOnSignals();
  run.build();
  const instances = planCluster(counts, basePort, stack.env, process.env);
  const base = { ...process.env, ...stack.env };
  run.supervise(instances.map((instance) => ({ name: instance.name, label: instance.label, env: instanceEnv(base, instance) })));
  await waitUntilLive(instances);
  // The stack's Prometheus (with `--with observability`) scrapes npm start's ports; these add the rest.
  const removeScrapeTargets = addScrapeTargets(prometheusTargetsDir(), 'cluster', instances.map((instance) => ({ job: instance.name, address: `127.0.0.1:${instance.port}` })));
  run.onStop(() => Promise.resolve(removeScrapeTargets()));

  const address = (instance: PlannedInstance): string => `127.0.0.1:${instance.port}`;
  const of = (name: PlannedInstance['name']): string[] => instances.filter((instance) => instance.name === name).map(address);
  const gateway = await startGateway({
    port: gatewayPort,
    commandApis: of('command-api'),
    queryApis: of('query-api'),
    projectors: of('projector'),
    onLog: (line) => process.stdout.write(`${'[gateway]'.padEnd(24)} ${line}\n`),
    progress: run.say,
    onExit: (how) => {
      run.say(`the gateway exited (${how}); stopping everything`);
      void run.stop().then(() => process.exit(1));
    },
  });
  run.onStop(() => gateway.stop());

  for (const instance of instances) run.say(`${instance.label} → http://${address(instance)}`);
  run.say(`gateway → ${gateway.url}: GET/HEAD to the query APIs, POST to the command APIs, /admin/… to the projectors (console: ${gateway.url}/admin/console/)`);
  run.say(`access log: ${gateway.accessLog}`);
  if (stack.env['JAEGER_URL'] !== undefined) run.say(`traces → ${stack.env['JAEGER_URL']}, metrics → ${stack.env['PROMETHEUS_URL'] ?? '-'}`);
  run.say('every endpoint but /health wants a token: TOKEN=$(npm run -s ledger -- token --sub <you> --role teller) (roles: customer, teller, operator)');
  run.say(`ready: the gateway answers on ${gateway.url}; press Ctrl-C to stop everything this command started`);
}

/** Every instance answers /health/live, so the first requests through the gateway find them up. */
async function waitUntilLive(instances: readonly PlannedInstance[]): Promise<void> {
  run.say(`waiting for ${instances.length} instances to listen…`);
  await Promise.all(
    instances.map((instance) =>
      waitUntil(() => answersGet(new URL(`http://127.0.0.1:${instance.port}/health/live`)), { what: instance.label, timeoutMs: 120_000, intervalMs: 250, hint: 'see its log lines above' }),
    ),
  );
}

function portFrom(name: 'LEDGER_CLUSTER_BASE_PORT' | 'LEDGER_GATEWAY_PORT', fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65_535) throw new StackError(`${name}: "${raw}" is not a port (1-65535)`);
  return port;
}

main(process.argv.slice(2)).catch((error: unknown) => run.fail(error));
