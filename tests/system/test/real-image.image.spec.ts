import { join } from 'node:path';
import {
  buildImage,
  ensureOciTools,
  imageConfig,
  mountImage,
  readImagePlan,
  runcContainer,
  type ImageConfig,
  type MountedImage,
  type RunningContainer,
} from '../../../infra/local/src/image';
import { describeImageContainers, type ImageUnderTest } from './image-containers';

const repoRoot = join(__dirname, '..', '..', '..');
const TAG = 'localhost/ledger:test';
const plan = readImagePlan(repoRoot);

const log = (line: string): void => void process.stderr.write(`[real-image] ${line}\n`);

/**
 * The image itself, built from infra/docker/Dockerfile and run, on a machine with neither Docker
 * nor a registry (`npm run test:image`, opt-in: root, Debian's apt, and minutes): Debian's Buildah
 * builds it on a local stand-in for its Node base image, and Debian's runc runs its files,
 * read-only, with the user, entry point and environment the image itself records.
 */
describe('the image, built with Buildah and run with runc', () => {
  const containers: (RunningContainer & { remove(): Promise<void> })[] = [];
  let mounted: MountedImage | undefined;
  let config: ImageConfig | undefined;
  let image: ImageUnderTest | undefined;

  beforeAll(async () => {
    const started = Date.now();
    const oci = await ensureOciTools(log);
    await buildImage(oci, repoRoot, TAG, log);
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const recorded = await imageConfig(oci, TAG);
    const files = await mountImage(oci, TAG);
    [config, mounted] = [recorded, files];
    image = {
      run: async (args, env) => {
        // Docker sets HOME from the image's /etc/passwd; runc leaves that to the caller.
        const container = await runcContainer(oci, { rootfs: files.rootfs, config: recorded, args, env: { HOME: '/nonexistent', ...env } });
        containers.push(container);
        return container;
      },
      healthcheck: recorded.healthcheck ?? [],
      uid: Number(recorded.user.split(':')[0]),
      mainOf: (app) => `${recorded.workingDir}/apps/${app}/dist/main.js`,
    };
  }, 60 * 60_000);

  afterAll(async () => {
    for (const container of containers) await container.remove();
    // The built layers stay in the cache's storage: the next build reuses its npm ci layers.
    await mounted?.release();
  });

  it('records what the Dockerfile says: user, working directory, entry point, health check (Docker format), stop signal, labels', () => {
    expect(config).toMatchObject({
      user: plan.runtime.user,
      workingDir: plan.runtime.root,
      entrypoint: plan.runtime.entrypoint,
      cmd: plan.runtime.cmd,
      healthcheck: plan.runtime.healthcheck,
      stopSignal: plan.runtime.stopSignal,
    });
    expect(config?.env).toContain('NODE_ENV=production');
    expect(config?.labels['org.opencontainers.image.base.name']).toBe(plan.dockerfile.globalArgs.get('NODE_IMAGE'));
    expect(config?.labels['org.opencontainers.image.licenses']).toBe('MIT');
  });

  describeImageContainers(() => {
    if (image === undefined) throw new Error('the image was not built');
    return image;
  });
});
