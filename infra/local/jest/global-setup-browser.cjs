// The browser tier: the e2e tier's stack and built apps (without the observability profile: a
// page needs no traces) plus a Chromium for playwright-core, handed to the tests as
// LEDGER_CHROMIUM_BINARY (Debian's, unpacked into the cache on the first run; see
// infra/local/src/chromium.ts).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { repoRoot, stackUp } = require('./stack-session.cjs');

module.exports = async function globalSetup() {
  stackUp();
  execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '--output-style=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  process.env.LEDGER_CHROMIUM_BINARY ??= execFileSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/chromium.ts')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
};
