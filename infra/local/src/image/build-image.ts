import { join } from 'node:path';
import { cacheDir } from '../paths';
import { DOCKERFILE, readImagePlan } from './image-plan';
import { type OciTools } from './oci-tools';
import { ensureStandInBase } from './stand-in-base';

/**
 * `docker build -f infra/docker/Dockerfile -t <tag> .` with Buildah, on this machine, with no
 * registry: the base the Dockerfile names is the local stand-in (stand-in-base.ts), the build
 * runs its steps in a chroot on the machine's network (npm and Debian's mirror are reachable,
 * the container registries are not), and the image is in Docker's format, which keeps HEALTHCHECK.
 * Layers are kept in the cache's storage, so a rebuild redoes only what changed. Logs to `<cache>/logs/`.
 */
export async function buildImage(tools: OciTools, repoRoot: string, tag: string, progress: (line: string) => void): Promise<void> {
  const base = readImagePlan(repoRoot).dockerfile.globalArgs.get('NODE_IMAGE');
  if (base === undefined) throw new Error('the Dockerfile names no NODE_IMAGE');
  await ensureStandInBase(tools, base.includes('/') ? base : `docker.io/library/${base}`, progress);
  const logFile = join(cacheDir, 'logs', 'image-build.log');
  progress(`building ${tag} from ${DOCKERFILE} with Buildah (minutes; log: ${logFile})…`);
  const args = ['bud', '--format', 'docker', '--isolation', 'chroot', '--network', 'host', '--pull=never', '--layers', '-f', join(repoRoot, DOCKERFILE), '-t', tag, repoRoot];
  await tools.buildahLogged(args, logFile, 45 * 60_000);
}
