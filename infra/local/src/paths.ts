import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The checkout this script belongs to, whatever the current directory is. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * Downloads and builds outlive the checkout (a fresh clone reuses them), so they live in the
 * user's cache; data and logs belong to one checkout and live in its gitignored `.local/`.
 */
export const cacheDir = resolve(process.env.LEDGER_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ledger'));
export const stateDir = resolve(process.env.LEDGER_STATE_DIR ?? join(repoRoot, '.local'));

export interface ComponentPaths {
  readonly home: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pidFile: string;
}

export function componentPaths(name: string): ComponentPaths {
  const home = join(stateDir, name);
  return {
    home,
    dataDir: join(home, 'data'),
    logFile: join(home, `${name}.log`),
    pidFile: join(home, `${name}.pid`),
  };
}
