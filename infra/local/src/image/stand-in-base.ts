import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type OciTools } from './oci-tools';

const run = promisify(execFile);

/** The CA bundle of this machine: where TLS is intercepted (a proxy's own CA), npm and apt in the build must trust it too. */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The npm package folder of the `npm` on PATH (its bin/npm-cli.js, two levels down). */
async function npmPackage(): Promise<string> {
  const { stdout } = await run('sh', ['-c', 'command -v npm']);
  return dirname(dirname(realpathSync(stdout.trim())));
}

/**
 * A local image named like the Dockerfile's base (`docker.io/library/node:24.21.0-bookworm-slim`),
 * made without a registry: Debian 12's minimal root filesystem from mmdebstrap, with the Node
 * binary running this process (the version the Dockerfile pins) and npm where the official image
 * has them, and this machine's CA bundle. It stands in for the official image, which cannot be
 * pulled here; it is not that image (the official one is smaller and has a `node` user), but it is
 * the same Debian release, Node and layout of /usr/local. Built once, then reused from the storage.
 */
export async function ensureStandInBase(tools: OciTools, imageName: string, progress: (line: string) => void): Promise<void> {
  const exists = await tools.buildah(['inspect', '--type', 'image', imageName], 60_000).then(
    () => true,
    () => false,
  );
  if (exists) return;
  progress(`making a stand-in for ${imageName}: Debian 12 from mmdebstrap, this Node and npm (once)…`);
  const work = mkdtempSync(join(tmpdir(), 'ledger-stand-in-base-'));
  try {
    const rootfs = join(work, 'rootfs.tar');
    await run('perl', [tools.mmdebstrap, '--variant=minbase', '--include=ca-certificates', 'bookworm', rootfs, 'http://deb.debian.org/debian'], { env: tools.env, timeout: 10 * 60_000 });
    const overlay = join(work, 'overlay');
    mkdirSync(join(overlay, 'usr', 'local', 'bin'), { recursive: true });
    mkdirSync(join(overlay, 'usr', 'local', 'lib', 'node_modules'), { recursive: true });
    mkdirSync(join(overlay, 'etc', 'ssl', 'certs'), { recursive: true });
    cpSync(process.execPath, join(overlay, 'usr', 'local', 'bin', 'node'));
    cpSync(await npmPackage(), join(overlay, 'usr', 'local', 'lib', 'node_modules', 'npm'), { recursive: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(overlay, 'usr', 'local', 'bin', 'npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(overlay, 'usr', 'local', 'bin', 'npx'));
    if (existsSync(CA_BUNDLE)) cpSync(CA_BUNDLE, join(overlay, 'etc', 'ssl', 'certs', 'ca-certificates.crt'));
    await run('tar', ['-C', overlay, '-cf', join(work, 'node.tar'), '.']);
    const container = await tools.buildah(['from', 'scratch'], 60_000);
    try {
      await tools.buildah(['add', container, rootfs, '/'], 10 * 60_000);
      await tools.buildah(['add', container, join(work, 'node.tar'), '/'], 10 * 60_000);
      await tools.buildah(
        ['config', '--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--env', `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`, '--env', `NODE_VERSION=${process.versions.node}`, '--cmd', 'node', container],
        60_000,
      );
      await tools.buildah(['commit', '--quiet', container, imageName], 10 * 60_000);
    } finally {
      await tools.buildah(['rm', container], 60_000).catch(() => undefined);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
