import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ComposeDocument } from './compose-model';

/**
 * What the compose file names on this machine that is not there: a bind mount's source (Docker
 * would create an empty directory in its place, and the service would start without its config),
 * a build context or Dockerfile, or a named volume not declared under `volumes:`. Paths are
 * relative to the compose file's folder, as Compose reads them.
 */
export function missingFileProblems(document: ComposeDocument, composeDir: string, exists: (path: string) => boolean = existsSync): string[] {
  const problems: string[] = [];
  const local = (path: string): string => (isAbsolute(path) ? path : resolve(composeDir, path));
  for (const service of Object.values(document.services)) {
    for (const mount of service.mounts) {
      if (mount.type === 'bind' && mount.source !== undefined && !exists(local(mount.source))) {
        problems.push(`${service.name}: mounts ${mount.source} at ${mount.target}, which does not exist`);
      }
      if (mount.type === 'volume' && mount.source !== undefined && !document.volumes.includes(mount.source)) {
        problems.push(`${service.name}: mounts the volume ${mount.source}, which the top-level volumes do not declare`);
      }
    }
    if (service.build !== undefined) {
      const context = local(service.build.context);
      if (!exists(context)) problems.push(`${service.name}: builds from ${service.build.context}, which does not exist`);
      const dockerfile = resolve(context, service.build.dockerfile ?? 'Dockerfile');
      if (!exists(dockerfile)) problems.push(`${service.name}: builds with ${service.build.dockerfile ?? 'Dockerfile'}, which does not exist`);
    }
  }
  return problems;
}
