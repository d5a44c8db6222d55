import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { installDebianPackages, unpackedFile, unpackedRoot, writeLibraryLauncher, type DebianUnpack } from './debian-packages';
import { StackError } from './stack-error';

/**
 * Debian bookworm's Chromium for the browser tests, with the libraries this machine lacks
 * (GTK 3, PulseAudio, codecs: about 25 packages), unpacked into the cache: no system-wide
 * install, no browser downloaded by Playwright.
 */
const debian: DebianUnpack = { component: 'chromium', packages: ['chromium', 'chromium-common'], withMissingDependencies: true, folder: 'chromium-debian' };
const unpackedBinary = unpackedFile(debian, 'usr', 'lib', 'chromium', 'chromium');

/**
 * A launcher next to `root/`: Playwright takes one executable path, and the unpacked browser
 * only starts with its libraries on LD_LIBRARY_PATH. (Debian's own /usr/bin/chromium is such a
 * script too, reading /etc/chromium.d, which the unpacked copy has under `root/`.)
 */
const launcher = join(unpackedRoot(debian), '..', 'chromium');

/** The names Chromium goes by on PATH: Debian's, Ubuntu's snap wrapper, Google's build. */
const systemNames = ['chromium', 'chromium-browser', 'google-chrome'];

/** A Chromium on PATH is used as it is (an absolute path: Playwright wants one). */
function systemChromium(): string | undefined {
  for (const name of systemNames) {
    for (const folder of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}

function writeLauncher(): void {
  writeLibraryLauncher(debian, unpackedBinary, launcher);
}

/** `chromium --version` through the launcher: a library still missing shows up here, not in a test. */
function version(binary: string): string {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const output = `${probe.stdout ?? ''}${probe.stderr ?? ''}`.trim();
  if (probe.status !== 0) throw new StackError(`chromium: ${binary} --version failed (${probe.error?.message ?? `exit ${String(probe.status)}`}): ${output}`);
  return output;
}

/**
 * The path of a Chromium executable for Playwright's `chromium.launch({ executablePath })`:
 * the one on PATH, or Debian's package unpacked into the cache (downloaded on the first run
 * only; afterwards this costs one `--version`).
 */
export async function installedChromium(progress: (line: string) => void): Promise<string> {
  const system = systemChromium();
  if (system !== undefined) return system;
  await installDebianPackages(debian, unpackedBinary, progress);
  if (!existsSync(launcher)) writeLauncher();
  progress(`chromium: ${version(launcher)}`);
  return launcher;
}
