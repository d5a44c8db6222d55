// Shared by the jest global setup and teardown (jest runs both in one process): which
// components this test run started, so teardown stops exactly those and nothing else.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const repoRoot = join(__dirname, '..', '..', '..');
const startedByThisRun = new Set();
let upInThisProcess = false;

function runStack(args, stdio = ['ignore', 'pipe', 'inherit']) {
  return execFileSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/stack.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio,
  });
}

/** Starts what is not running and points this process (and so the jest workers) at the stack. */
function stackUp() {
  // The int and e2e tiers each have this setup; in one jest run the second has nothing to do.
  if (upInThisProcess) return;
  upInThisProcess = true;
  const result = JSON.parse(runStack(['up', '--json']));
  Object.assign(process.env, result.env, result.programs);
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
