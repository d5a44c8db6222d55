import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths';
import { runStep } from './run-step';
import { StackError } from './stack-error';
import { requireTool } from './tools';

/** Debian packages unpacked into one folder of the cache, for one component. */
export interface DebianUnpack {
  /** The component's name, used in messages and the download log's name. */
  readonly component: string;
  readonly packages: readonly string[];
  /** `<cache>/<folder>`: the `.deb` files are unpacked into its `root/`. */
  readonly folder: string;
}

export function unpackedRoot(spec: DebianUnpack): string {
  return join(cacheDir, spec.folder, 'root');
}

/** A file of the unpacked packages, e.g. `usr/bin/redis-server`. */
export function unpackedFile(spec: DebianUnpack, ...path: string[]): string {
  return join(unpackedRoot(spec), ...path);
}

/** The unpacked packages' own libraries come first; the system provides the rest. */
export function withUnpackedLibraries(spec: DebianUnpack): NodeJS.ProcessEnv {
  const libraries = join(unpackedRoot(spec), 'usr', 'lib', 'x86_64-linux-gnu');
  return { ...process.env, LD_LIBRARY_PATH: [libraries, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
}

/**
 * Downloads the packages with `apt-get download` and unpacks them with `dpkg-deb -x` unless
 * `expected` (a file they contain) is already there: nothing is installed system-wide and no
 * service is started behind the stack's back.
 */
export function installDebianPackages(spec: DebianUnpack, expected: string, progress: (line: string) => void): Promise<void> {
  // One at a time: components start in parallel, and two `apt-get update`s would fight over apt's lock.
  const install = installs.then(() => (existsSync(expected) ? undefined : downloadAndUnpack(spec, expected, progress)));
  installs = install.catch(() => undefined);
  return install;
}

let installs: Promise<void> = Promise.resolve();

/**
 * Works in a folder of this process's own and renames it into place at the end: a test may ask
 * for the same packages (`prometheusTools`) while `up` installs them, and neither may see the
 * other's half-unpacked folder.
 */
async function downloadAndUnpack(spec: DebianUnpack, expected: string, progress: (line: string) => void): Promise<void> {
  requireTool('apt-get', ['--version']);
  requireTool('dpkg-deb', ['--version']);
  progress(`${spec.component}: downloading Debian's ${spec.packages.join(', ')} (first run only)…`);
  const home = join(cacheDir, spec.folder);
  const partial = `${home}.partial-${process.pid}`;
  const debs = join(partial, 'debs');
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(debs, { recursive: true });
  const logFile = join(cacheDir, 'logs', `${spec.component}-download.log`);
  const failure = `${spec.component}: downloading Debian's ${spec.packages.join(', ')} failed (it needs apt-get and Debian's package index)`;
  const download = (): Promise<void> =>
    runStep({ command: 'apt-get', args: ['download', ...spec.packages], cwd: debs, logFile, failure, timeoutMs: 5 * 60_000 });
  try {
    await download();
  } catch {
    // A fresh machine may have no package index yet.
    progress(`${spec.component}: refreshing the package index (apt-get update)…`);
    await runStep({ command: 'apt-get', args: ['update'], logFile, failure, timeoutMs: 5 * 60_000 });
    await download();
  }
  for (const deb of readdirSync(debs).filter((file) => file.endsWith('.deb'))) {
    await runStep({ command: 'dpkg-deb', args: ['-x', join(debs, deb), join(partial, 'root')], logFile, failure, timeoutMs: 60_000 });
  }
  rmSync(debs, { recursive: true, force: true });
  if (existsSync(expected)) {
    rmSync(partial, { recursive: true, force: true }); // another process finished first
    return;
  }
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
  if (!existsSync(expected)) throw new StackError(`${failure}: no ${expected} in the packages`);
}
