// Shared by the jest global setup and teardown (jest runs both in one process): which
// components this test run started, so teardown stops exactly those and nothing else.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const repoRoot = join(__dirname, '..', '..', '..');
const startedByThisRun = new Set();
// Each `up` sees the environment jest started with: after the first, process.env points at the
// stack, and a second `up` would take its own servers for ones the environment points to.
const environmentBeforeStack = { ...process.env };
let upInThisProcess = false;
let observabilityUpInThisProcess = false;

function runStack(args, stdio = ['ignore', 'pipe', 'inherit']) {
  return execFileSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/stack.ts'), ...args], {
    cwd: repoRoot,
    env: environmentBeforeStack,
    encoding: 'utf8',
    stdio,
  });
}

/**
 * Starts what is not running and points this process (and so the jest workers) at the stack.
 * `withObservability` (the e2e tier) starts Jaeger and Prometheus too. Their OTLP endpoint is
 * handed over as LEDGER_TEST_OTLP_ENDPOINT, not OTEL_EXPORTER_OTLP_ENDPOINT: every app a test
 * spawns inherits the environment, and would trace into Jaeger on every request.
 */
function stackUp({ withObservability = false } = {}) {
  // The int and e2e tiers each have this setup; in one jest run the second has nothing to do,
  // but for the observability profile when the int tier came first.
  if (upInThisProcess && (observabilityUpInThisProcess || !withObservability)) return;
  upInThisProcess = true;
  observabilityUpInThisProcess ||= withObservability;
  const result = JSON.parse(runStack(['up', '--json', ...(withObservability ? ['--with', 'observability'] : [])]));
  const { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, ...env } = result.env;
  Object.assign(process.env, env, result.programs);
  if (otlpEndpoint !== undefined) process.env.LEDGER_TEST_OTLP_ENDPOINT = otlpEndpoint;
  // The suites drive thousands of requests a minute as one test subject; the production limit
  // (1,200 a minute) would answer them 429. The rate-limit tests set their own limits.
  process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
  process.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE ??= '1000000';
  for (const name of result.started) startedByThisRun.add(name);
}

function stackDownStartedOnly() {
  if (startedByThisRun.size === 0) return;
  runStack(['down', ...startedByThisRun], ['ignore', 'inherit', 'inherit']);
  startedByThisRun.clear();
}

module.exports = { repoRoot, stackUp, stackDownStartedOnly };
