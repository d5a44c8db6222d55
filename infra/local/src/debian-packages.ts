import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  /**
   * Also download every package `packages` depend on that this machine lacks (Chromium needs a
   * few dozen libraries; Redis's two are listed by hand).
   */
  readonly withMissingDependencies?: boolean;
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
  return { ...process.env, LD_LIBRARY_PATH: [unpackedLibraryPath(spec), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
}

/**
 * The unpacked packages' library folders, for LD_LIBRARY_PATH. Some libraries keep private
 * ones in a subfolder (libpulse's `pulseaudio/libpulsecommon`), found by their own RUNPATH on
 * a real install but not when the package sits outside `/usr`.
 */
export function unpackedLibraryPath(spec: DebianUnpack): string {
  const libraries = join(unpackedRoot(spec), 'usr', 'lib', 'x86_64-linux-gnu');
  const privateFolders = existsSync(libraries)
    ? readdirSync(libraries, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && readdirSync(join(libraries, entry.name)).some((file) => /\.so(\.|$)/.test(file)))
        .map((entry) => join(libraries, entry.name))
    : [];
  return [libraries, ...privateFolders].join(':');
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
  progress(`${spec.component}: downloading Debian's ${spec.packages.join(', ')}${spec.withMissingDependencies === true ? ' and the libraries this machine lacks' : ''} (first run only)…`);
  const home = join(cacheDir, spec.folder);
  const partial = `${home}.partial-${process.pid}`;
  const debs = join(partial, 'debs');
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(debs, { recursive: true });
  const logFile = join(cacheDir, 'logs', `${spec.component}-download.log`);
  const failure = `${spec.component}: downloading Debian's ${spec.packages.join(', ')} failed (it needs apt-get and Debian's package index)`;
  const download = async (): Promise<void> => {
    const packages = spec.withMissingDependencies === true ? missingClosure(spec.packages, failure) : spec.packages;
    await runStep({ command: 'apt-get', args: ['download', ...packages], cwd: debs, logFile, failure, timeoutMs: 5 * 60_000 });
  };
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

/**
 * The packages and every dependency this machine lacks, as apt itself would resolve them: a
 * simulated install (`apt-get -s`, no root needed, nothing changes) picks one package of each
 * `a | b` alternative and skips what is installed. (`apt-cache depends --recurse` lists every
 * alternative: on a development machine 212 packages for Chromium, KDE and pinentry among them,
 * against apt's 25.)
 */
function missingClosure(packages: readonly string[], failure: string): string[] {
  const simulation = spawnSync('apt-get', ['-s', 'install', '--no-install-recommends', ...packages], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (simulation.status !== 0) throw new StackError(`${failure}: apt-get -s install: ${simulation.stderr.trim()}`);
  const missing = [...simulation.stdout.matchAll(/^Inst (\S+)/gm)].map((match) => match[1] ?? '');
  // Installed already: the simulation names none of them, but `apt-get download` still needs a name.
  return missing.length === 0 ? [...packages] : missing;
}

/**
 * Writes `launcher`, a shell script that runs `binary` (a program of the unpacked packages) with
 * their libraries first on LD_LIBRARY_PATH: something that runs the program by its path alone
 * (a test, Playwright, PgBouncer's own re-exec) then finds them. Renamed into place, because two
 * runs (`up` and a test) may write it at once.
 */
export function writeLibraryLauncher(spec: DebianUnpack, binary: string, launcher: string): void {
  const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;
  const script = `#!/bin/sh
# Written by infra/local/src/debian-packages.ts: Debian's ${spec.component} unpacked into this cache.
LD_LIBRARY_PATH=${quote(unpackedLibraryPath(spec))}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec ${quote(binary)} "$@"
`;
  const partial = `${launcher}.partial-${process.pid}`;
  writeFileSync(partial, script);
  chmodSync(partial, 0o755);
  renameSync(partial, launcher);
}
