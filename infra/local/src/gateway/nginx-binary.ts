import { spawnSync } from 'node:child_process';
import { installDebianPackages, unpackedFile, type DebianUnpack } from '../debian-packages';

/**
 * Debian bookworm's nginx 1.22. The `nginx` package holds the binary with everything the gateway
 * uses built in (proxy, upstream keep-alive and zones, limit_req, map, rewrite, headers);
 * `nginx-light` and `nginx-core` are only `nginx` plus dynamic modules, and the libraries it links
 * (PCRE2, OpenSSL 3, zlib, libcrypt) are on every Debian base system.
 */
const debian: DebianUnpack = { component: 'gateway', packages: ['nginx'], folder: 'nginx-debian' };
const unpackedBinary = unpackedFile(debian, 'usr', 'sbin', 'nginx');

/** An `nginx` on PATH is used as it is (its compiled-in paths are overridden by the config and `-p`). */
function systemNginx(): string | undefined {
  const probe = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? 'nginx' : undefined;
}

/** The nginx to run, downloaded and unpacked into the cache on first use. */
export async function nginxBinary(progress: (line: string) => void): Promise<string> {
  const onPath = systemNginx();
  if (onPath !== undefined) return onPath;
  await installDebianPackages(debian, unpackedBinary, progress);
  return unpackedBinary;
}
