// `npm start`: the whole system on this machine. Brings the local stack up, builds the apps,
// runs the five of them with prefixed logs under a supervisor (an app that exits is restarted
// with backoff, as an orchestrator would), and on Ctrl-C stops everything it started.
// `npm start -- --with observability` also starts Jaeger and Prometheus, and the apps trace.
import '@ledger/platform/require-supported-node';
import { profileArguments } from './src/profile-arguments';
import { localApps } from './src/run/apps';
import { LocalRun } from './src/run/local-run';

const run = new LocalRun('start');

async function main(): Promise<void> {
  // With the observability profile, stack.env carries OTEL_EXPORTER_OTLP_ENDPOINT to the apps.
  const stack = await run.upStack(profileArguments(process.argv.slice(2)));
  run.build();
  run.supervise(localApps.map((app) => ({ name: app.name, label: app.name, env: { ...process.env, ...stack.env } })));
  for (const app of localApps) run.say(`${app.name} → http://127.0.0.1:${process.env[app.portVariable] ?? app.port} (health: /health, docs: /docs)`);
  run.say('every endpoint but /health wants a token: TOKEN=$(npm run -s ledger -- token --sub <you> --role teller) (roles: customer, teller, operator)');
  if (stack.env['JAEGER_URL'] !== undefined) run.say(`traces → ${stack.env['JAEGER_URL']}, metrics → ${stack.env['PROMETHEUS_URL'] ?? '-'}`);
  run.say('press Ctrl-C to stop the apps and the servers this command started');
  run.stopOnSignals();
}

main().catch((error: unknown) => run.fail(error));
