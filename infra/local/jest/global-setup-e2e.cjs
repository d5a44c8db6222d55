// e2e tests talk HTTP to the built apps, so they are built (Nx cache makes a rebuild cheap).
const { execFileSync } = require('node:child_process');
const { repoRoot, stackUp } = require('./stack-session.cjs');

module.exports = async function globalSetup() {
  stackUp({ withObservability: true });
  execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'run-many', '-t', 'build', '--output-style=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
};
