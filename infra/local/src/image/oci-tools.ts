import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installDebianPackages, unpackedFile, unpackedLibraryPath, unpackedRoot, type DebianUnpack } from '../debian-packages';
import { cacheDir } from '../paths';
import { runStep } from '../run-step';

const run = promisify(execFile);

/**
 * Debian 12's Buildah (builds an image from a Dockerfile with no daemon and, with chroot
 * isolation, no OCI runtime), runc (runs one), mmdebstrap (makes the stand-in base's root
 * filesystem) and patchelf, with the libraries this machine lacks: unpacked into the cache like
 * the stack's other Debian packages, nothing installed system-wide.
 */
const tools: DebianUnpack = { component: 'oci-tools', packages: ['buildah', 'runc', 'mmdebstrap', 'patchelf'], withMissingDependencies: true, folder: 'oci-tools-debian' };

/** Images, layers and build caches: kept between runs, so a second build reuses the npm ci layers. */
const storage = join(cacheDir, 'oci-storage');

export interface OciTools {
  /** Runs buildah and answers its stdout. */
  readonly buildah: (args: readonly string[], timeoutMs: number) => Promise<string>;
  /** Runs buildah with its output in `logFile` (a build prints pages, needed only when it fails). */
  readonly buildahLogged: (args: readonly string[], logFile: string, timeoutMs: number) => Promise<void>;
  readonly runc: string;
  readonly mmdebstrap: string;
  /** The environment the tools need: their libraries and configuration, this machine's PATH. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Buildah runs its own binary again inside the build's chroot with a cleared environment, so
 * LD_LIBRARY_PATH cannot carry the unpacked libraries there: a copy of it finds them by RUNPATH.
 */
async function buildahWithRunpath(): Promise<string> {
  const patched = unpackedFile(tools, 'usr', 'bin', 'buildah-runpath');
  if (existsSync(patched)) return patched;
  const partial = `${patched}.partial-${process.pid}`;
  copyFileSync(unpackedFile(tools, 'usr', 'bin', 'buildah'), partial);
  await run(unpackedFile(tools, 'usr', 'bin', 'patchelf'), ['--set-rpath', unpackedLibraryPath(tools), partial]);
  await run('mv', [partial, patched]);
  return patched;
}

export async function ensureOciTools(progress: (line: string) => void): Promise<OciTools> {
  await installDebianPackages(tools, unpackedFile(tools, 'usr', 'bin', 'buildah'), progress);
  const buildah = await buildahWithRunpath();
  mkdirSync(storage, { recursive: true });
  const storageConf = join(storage, 'storage.conf');
  writeFileSync(storageConf, `[storage]\ndriver = "overlay"\ngraphroot = "${join(storage, 'graph')}"\nrunroot = "${join(storage, 'run')}"\n`);
  const root = unpackedRoot(tools);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [join(root, 'usr', 'bin'), join(root, 'usr', 'sbin'), process.env['PATH']].join(':'),
    LD_LIBRARY_PATH: [unpackedLibraryPath(tools), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':'),
    CONTAINERS_STORAGE_CONF: storageConf,
    CONTAINERS_REGISTRIES_CONF: join(root, 'etc', 'containers', 'registries.conf'),
    CONTAINERS_CONF: join(root, 'usr', 'share', 'containers', 'containers.conf'),
  };
  const policy = join(root, 'etc', 'containers', 'policy.json');
  // The signature policy is an option of the commands that read or write images, after the subcommand.
  const withPolicy = ([command = '', ...rest]: readonly string[]): string[] =>
    ['from', 'commit', 'bud', 'build', 'pull', 'push'].includes(command) ? [command, '--signature-policy', policy, ...rest] : [command, ...rest];
  return {
    buildah: async (args, timeoutMs) => {
      const { stdout } = await run(buildah, withPolicy(args), { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    },
    buildahLogged: (args, logFile, timeoutMs) => runStep({ command: buildah, args: withPolicy(args), env, logFile, failure: `buildah ${args[0] ?? ''} failed`, timeoutMs }),
    runc: unpackedFile(tools, 'usr', 'sbin', 'runc'),
    mmdebstrap: unpackedFile(tools, 'usr', 'bin', 'mmdebstrap'),
    env,
  };
}
