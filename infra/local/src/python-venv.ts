import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDirectoryLock } from './lock';
import { cacheDir } from './paths';
import { runStep } from './run-step';
import { StackError } from './stack-error';

/** A Python tool from PyPI, pinned: a new release is a reviewed change where it is declared. */
export interface PythonTool {
  /** The venv's folder in the download cache; name the pinned versions in it, so a bump gets a fresh one. */
  readonly name: string;
  /** pip requirements, each pinned (`schemathesis==4.32.5`). */
  readonly requirements: readonly string[];
}

function requirePython(): string {
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-c', 'import sys, venv; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
    if (probe.error === undefined && probe.stdout.trim() === 'True') return python;
  }
  throw new StackError('Python 3.10+ with the venv module not found: install python3 and python3-venv (Debian: apt-get install python3-venv)');
}

/**
 * The folder of a virtual environment holding `tool`'s requirements, under the download cache:
 * created on first use from PyPI, reused afterwards. A marker written last tells a finished
 * install from an interrupted one, which is thrown away and redone. Its interpreter is
 * `bin/python` inside it.
 */
export async function ensurePythonVenv(tool: PythonTool, progress: (line: string) => void): Promise<string> {
  const home = join(cacheDir, tool.name);
  const marker = join(home, '.installed');
  const installed = (): boolean => existsSync(marker);
  if (installed()) return home;
  mkdirSync(cacheDir, { recursive: true });
  return withDirectoryLock(join(cacheDir, `.${tool.name}.lock`), async () => {
    if (installed()) return home;
    const python = requirePython();
    rmSync(home, { recursive: true, force: true });
    const logFile = join(cacheDir, 'logs', `${tool.name}.log`);
    progress(`installing ${tool.requirements.join(', ')} from PyPI into ${home} (once; log: ${logFile})`);
    await runStep({ command: python, args: ['-m', 'venv', home], logFile, failure: `could not create a Python venv for ${tool.name}`, timeoutMs: 120_000 });
    await runStep({
      command: join(home, 'bin', 'python'),
      args: ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', ...tool.requirements],
      logFile,
      failure: `could not install ${tool.requirements.join(', ')} from PyPI`,
      timeoutMs: 10 * 60_000,
    });
    writeFileSync(marker, `${tool.requirements.join('\n')}\n`);
    return home;
  });
}
