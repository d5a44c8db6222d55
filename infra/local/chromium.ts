// `tsx infra/local/chromium.ts`: prints the path of a Chromium for the browser tests (installing
// Debian's into the cache on the first run); progress goes to stderr. Used by the browser tier's
// jest global setup, which is CommonJS and cannot import the TypeScript installer itself.
import '@ledger/platform/require-supported-node';
import { installedChromium } from './src/chromium';
import { StackError } from './src/stack-error';

installedChromium((line) => process.stderr.write(`[chromium] ${line}\n`)).then(
  (path) => process.stdout.write(`${path}\n`),
  (error: unknown) => {
    process.stderr.write(`[chromium] ${error instanceof StackError ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
