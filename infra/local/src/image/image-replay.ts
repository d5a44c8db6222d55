import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { installDebianPackages, unpackedRoot, type DebianUnpack } from '../debian-packages';
import { contextFilter } from './docker-context';
import { expand } from './dockerfile';
import { type ImagePlan, type InstallStep } from './image-plan';

const run = promisify(execFile);

/** Where a replayed image lives: `<sandbox>/app` is the image's application folder, `<sandbox>/usr/bin` its packages' programs. */
export interface ReplayedImage {
  readonly sandbox: string;
  /** The application folder (`/app` in the image). */
  readonly root: string;
  /** Maps a path of the image (`/app/bin`, `/usr/bin/tini`) to the replay's copy. */
  readonly pathOf: (imagePath: string) => string;
}

/**
 * The base image's PATH with its `node` replaced by the one running these tests (the image's Node
 * is pinned to the same version): what `$PATH` means in the final stage's ENV.
 */
export function basePath(): string {
  return [dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
}

function inside(root: string, path: string, why: string): string {
  const normal = posix.normalize(path);
  if (normal !== root && !normal.startsWith(`${root}/`)) throw new Error(`${why}: ${path} is outside ${root}`);
  return normal.slice(root.length + 1);
}

function copyStep(step: Extract<InstallStep, { kind: 'copy' }>, plan: ImagePlan, repoRoot: string, install: string): void {
  const root = plan.runtime.root;
  const included = contextFilter(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
  const destination = join(install, posix.isAbsolute(step.destination) ? inside(root, step.destination, `line ${step.line}`) : step.destination);
  for (const source of step.sources) {
    if (/[*?[]/.test(source)) throw new Error(`Dockerfile line ${step.line}: the replay copies no wildcards (${source})`);
    // The build stage is the context plus its build in the same folder: after `nx run-many -t build`, the repository.
    const relativeSource = step.from === 'build' ? inside(root, source, `line ${step.line}`) : posix.normalize(source);
    const from = join(repoRoot, relativeSource);
    if (step.from === 'context' && !included.includes(relativeSource)) throw new Error(`Dockerfile line ${step.line}: .dockerignore keeps ${source} out of the build context`);
    if (!existsSync(from)) throw new Error(`Dockerfile line ${step.line}: ${source} does not exist${step.from === 'build' ? ' (is everything built?)' : ''}`);
    const isFolder = statSync(from).isDirectory();
    // Docker copies a folder's contents into the destination, and a file into a destination ending in `/`.
    const target = isFolder || !step.destination.endsWith('/') ? destination : join(destination, posix.basename(source));
    mkdirSync(isFolder ? target : dirname(target), { recursive: true });
    cpSync(from, target, {
      recursive: true,
      filter: (path) => step.from === 'build' || included.includes(relative(repoRoot, path).split(sep).join('/')),
    });
  }
}

/**
 * Builds the image's application folder in `<sandbox>/app` the way the Dockerfile's install stages
 * do, step by step and in their order (the same copies, the same npm commands), from the repository
 * as the build stage leaves it: the context with every workspace built. The folder ends up as
 * in the image, owned by the user running this (root, as in the image) and readable by everyone.
 */
export async function replayInstall(plan: ImagePlan, repoRoot: string, sandbox: string): Promise<ReplayedImage> {
  const root = join(sandbox, plan.runtime.root);
  // WORKDIR creates its folder 0755; a temporary folder starts 0700, closed to the app's user.
  for (const folder of [sandbox, root]) {
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o755);
  }
  for (const step of plan.steps) {
    if (step.kind === 'copy') copyStep(step, plan, repoRoot, root);
    else await run('npm', [...step.args], { cwd: root, timeout: 5 * 60_000 });
  }
  return { sandbox, root, pathOf: (imagePath) => join(sandbox, imagePath) };
}

/** The Debian packages the final stage installs, at its pinned versions, unpacked into the sandbox as in the image. */
export async function replayDebianPackages(plan: ImagePlan, image: ReplayedImage, expected: string, progress: (line: string) => void): Promise<void> {
  const packages = plan.runtime.debianPackages;
  const spec: DebianUnpack = { component: 'image-runtime', packages, folder: `image-debian-${packages.join('_').replace(/[^A-Za-z0-9._-]/g, '-')}` };
  await installDebianPackages(spec, join(unpackedRoot(spec), expected), progress);
  // The download cache may lie in a home the app's user cannot enter; the image has them in its own /usr.
  cpSync(unpackedRoot(spec), image.sandbox, { recursive: true });
}

/** The final stage's ENV, its paths pointed into the replay, `$PATH` being the base image's. */
export function replayEnvironment(plan: ImagePlan, image: ReplayedImage): Record<string, string> {
  const env: Record<string, string> = { PATH: basePath() };
  for (const [name, value] of plan.runtime.env) {
    const expanded = expand(value, new Map(Object.entries(env)));
    env[name] = expanded
      .split(':')
      .map((part) => (part === plan.runtime.root || part.startsWith(`${plan.runtime.root}/`) ? image.pathOf(part) : part))
      .join(':');
  }
  return env;
}
