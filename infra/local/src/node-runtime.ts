import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths';
import { runStep } from './run-step';
import { StackError } from './stack-error';

/**
 * The Node.js releases the project tests on besides the one in node_modules/.bin (the `node`
 * devDependency, 24 LTS, which every npm script runs on). Each comes from the npm registry's
 * `node-<platform>-<arch>` package, the binary the `node` package itself installs.
 */
export const nodeReleases: Readonly<Record<string, string>> = { '22': '22.23.3' };

/** The path of a `node` binary of that line, installed into the cache on first use. */
export async function nodeBinary(line: string, progress: (text: string) => void): Promise<string> {
  const version = nodeReleases[line];
  if (version === undefined) throw new StackError(`no Node.js ${line} release is pinned; known: ${Object.keys(nodeReleases).join(', ')}`);
  const platformName = process.platform === 'win32' ? 'win' : process.platform;
  const packageName = `${process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node'}-${platformName}-${process.arch}`;
  const home = join(cacheDir, `node-${version}`);
  const binary = join(home, 'node_modules', packageName, 'bin', 'node');
  const marker = join(home, '.complete');
  if (existsSync(marker) && existsSync(binary)) return binary;
  progress(`installing Node.js ${version} (${packageName} from the npm registry, first run only)…`);
  await runStep({
    command: 'npm',
    args: ['install', '--prefix', home, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${packageName}@${version}`],
    logFile: join(cacheDir, 'logs', `node-${version}-install.log`),
    failure: `could not install Node.js ${version} from the npm registry (${packageName})`,
    timeoutMs: 10 * 60_000,
  });
  if (!existsSync(binary)) throw new StackError(`Node.js ${version} installed, but ${binary} is missing`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return binary;
}
