import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths';
import { runStep } from './run-step';
import { StackError } from './stack-error';
import { withDirectoryLock } from './lock';

/** Pinned: a new schemathesis release may add checks or change flags, which must be a reviewed change here. */
export const SCHEMATHESIS_VERSION = '4.32.5';

const home = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
const executable = join(home, 'bin', 'schemathesis');
const installed = join(home, '.installed');

function requirePython(): string {
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-c', 'import sys, venv; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
    if (probe.error === undefined && probe.stdout.trim() === 'True') return python;
  }
  throw new StackError('Python 3.10+ with the venv module not found: install python3 and python3-venv (Debian: apt-get install python3-venv)');
}

/**
 * The path of a schemathesis CLI of the pinned version, in its own virtual environment under the
 * download cache: created on first use from PyPI, reused afterwards. A marker written last tells a
 * finished install from an interrupted one, which is thrown away and redone.
 */
export async function ensureSchemathesis(progress: (line: string) => void): Promise<string> {
  if (existsSync(installed)) return executable;
  mkdirSync(cacheDir, { recursive: true });
  return withDirectoryLock(join(cacheDir, `.schemathesis-${SCHEMATHESIS_VERSION}.lock`), async () => {
    if (existsSync(installed)) return executable;
    const python = requirePython();
    rmSync(home, { recursive: true, force: true });
    const logFile = join(cacheDir, 'logs', `schemathesis-${SCHEMATHESIS_VERSION}.log`);
    progress(`installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${home} (once; log: ${logFile})`);
    await runStep({ command: python, args: ['-m', 'venv', home], logFile, failure: 'could not create a Python venv for schemathesis', timeoutMs: 120_000 });
    await runStep({
      command: join(home, 'bin', 'python'),
      args: ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', `schemathesis==${SCHEMATHESIS_VERSION}`],
      logFile,
      failure: `could not install schemathesis ${SCHEMATHESIS_VERSION} from PyPI`,
      timeoutMs: 10 * 60_000,
    });
    writeFileSync(installed, `${SCHEMATHESIS_VERSION}\n`);
    return executable;
  });
}
