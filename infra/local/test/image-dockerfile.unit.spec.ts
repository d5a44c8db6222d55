import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/paths';
import { contextFilter } from '../src/image/docker-context';
import { flagOf, stageChain, words } from '../src/image/dockerfile';
import { readImagePlan, type InstallStep } from '../src/image/image-plan';

const plan = readImagePlan(repoRoot);
const { runtime } = plan;
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; license: string; devDependencies: Record<string, string> };
const ledgerApp = readFileSync(join(repoRoot, 'infra', 'docker', 'ledger-app'), 'utf8');
const copies = plan.steps.filter((step): step is Extract<InstallStep, { kind: 'copy' }> => step.kind === 'copy');
const copiedFromContext = copies.filter((step) => step.from === 'context').flatMap((step) => step.sources);
const copiedFromBuild = copies.filter((step) => step.from === 'build').flatMap((step) => step.sources);

/** Every npm workspace: `<apps|packages>/<name>` with a package.json. */
const workspaces = ['apps', 'packages'].flatMap((parent) =>
  readdirSync(join(repoRoot, parent))
    .map((name) => `${parent}/${name}`)
    .filter((workspace) => existsSync(join(repoRoot, workspace, 'package.json'))),
);
const built = workspaces.filter((workspace) => {
  const project = JSON.parse(readFileSync(join(repoRoot, workspace, 'project.json'), 'utf8')) as { targets?: Record<string, unknown> };
  return project.targets?.['build'] !== undefined;
});
const appNames = readdirSync(join(repoRoot, 'apps')).filter((name) => existsSync(join(repoRoot, 'apps', name, 'src', 'main.ts')));

describe('infra/docker/Dockerfile, the install it makes', () => {
  it('copies every workspace manifest before the production install, so npm ci finds every workspace of the lockfile', () => {
    const firstInstall = plan.steps.findIndex((step) => step.kind === 'npm');
    const manifestsBefore = copies.filter((step) => plan.steps.indexOf(step) < firstInstall && step.from === 'context').flatMap((step) => step.sources);

    expect(manifestsBefore).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaces.map((workspace) => `${workspace}/package.json`)]));
  });

  it('installs production dependencies only, and runs no package install script', () => {
    const installs = plan.steps.filter((step) => step.kind === 'npm');

    expect(installs.map((step) => step.args.slice(0, 1))).toEqual([['ci']]);
    expect(installs[0]?.args).toEqual(expect.arrayContaining(['--omit=dev', '--ignore-scripts']));
  });

  it('takes the dist/ of exactly the workspaces that have a build, from the build stage, and no source', () => {
    expect([...copiedFromBuild].sort()).toEqual(built.map((workspace) => `${runtime.root}/${workspace}/dist`).sort());
  });

  it('builds in a stage that has the whole context and runs the workspace build the e2e tier runs before replaying it', () => {
    const build = stageChain(plan.dockerfile, plan.buildStage).flatMap((stage) => stage.instructions);

    expect(build.some((instruction) => instruction.keyword === 'COPY' && flagOf(instruction, 'from') === undefined && words(instruction.text).join(' ') === '. .')).toBe(true);
    expect(build.some((instruction) => instruction.keyword === 'RUN' && /\bnx run-many -t build\b/.test(instruction.text))).toBe(true);
    expect(readFileSync(join(repoRoot, 'infra', 'local', 'jest', 'global-setup-e2e.cjs'), 'utf8')).toMatch(/'run-many', '-t', 'build'/);
  });

  it('copies from the context only files that exist and that .dockerignore lets in', () => {
    const filter = contextFilter(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));

    expect(copiedFromContext.filter((source) => !existsSync(join(repoRoot, source)) || !filter.includes(source))).toEqual([]);
  });

  it('keeps out of the build context what this machine built, installed or holds', () => {
    const filter = contextFilter(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
    const kept = ['node_modules/x/index.js', 'apps/projector/node_modules/x', 'packages/platform/dist/index.js', '.env', 'apps/query-api/.env.local', '.local/postgres/data', '.git/HEAD', '.nx/cache/x', 'apps/projector/dist/.build.tsbuildinfo'];

    expect(kept.filter((path) => filter.includes(path))).toEqual([]);
    expect(['apps/command-api/src/main.ts', 'packages/event-store/src/postgres/migrations/0001_events.sql', 'nx.json', 'tsconfig.base.json'].every((path) => filter.includes(path))).toBe(true);
  });
});

describe('infra/docker/Dockerfile, the image it makes', () => {
  const final = plan.dockerfile.stages.at(-1);

  it('starts every stage from the pinned Node image, the version the tests run on, on the Debian release of the pinned tini', () => {
    const external = plan.dockerfile.stages.filter((stage) => !plan.dockerfile.stages.some((other) => other.name === stage.base));

    expect(new Set(external.map((stage) => stage.base))).toEqual(new Set(['${NODE_IMAGE}']));
    expect(plan.dockerfile.globalArgs.get('NODE_IMAGE')).toBe(`node:${rootPackage.devDependencies['node'] ?? '?'}-bookworm-slim`);
    expect(runtime.debianPackages).toEqual([expect.stringMatching(/^tini=\d[\w.+~-]*$/)]);
  });

  it('runs as a numeric, non-root user and group, which Kubernetes can verify without /etc/passwd', () => {
    const [user, group, ...rest] = runtime.user.split(':');

    expect(rest).toEqual([]);
    expect(Number(user)).toBeGreaterThan(0);
    expect(Number(group)).toBeGreaterThan(0);
    expect(`${user ?? ''}:${group ?? ''}`).toMatch(/^\d+:\d+$/);
  });

  it('leaves the application folder to root: copied without --chown, so the app cannot change its own code', () => {
    const finalCopies = final?.instructions.filter((instruction) => instruction.keyword === 'COPY') ?? [];

    expect(finalCopies.map((instruction) => [flagOf(instruction, 'chown'), flagOf(instruction, 'chmod')])).toEqual([[undefined, undefined]]);
  });

  it('has tini as PID 1 in front of ledger-app, with production settings and the apps on PATH', () => {
    expect(runtime.entrypoint).toEqual(['/usr/bin/tini', '--', 'ledger-app']);
    expect(runtime.env.get('NODE_ENV')).toBe('production');
    expect(runtime.env.get('PATH')).toBe(`${runtime.root}/bin:$PATH`);
    const bin = copies.filter((step) => step.destination === 'bin/').flatMap((step) => step.sources);
    expect(bin.sort()).toEqual(['infra/docker/ledger', 'infra/docker/ledger-app']);
    expect(runtime.stopSignal).toBe('SIGTERM');
  });

  it('checks health with ledger-app, which asks the running app for /health/live', () => {
    expect(runtime.healthcheck).toEqual(['ledger-app', 'healthcheck']);
    expect(ledgerApp).toMatch(/"http:\/\/\$host:\$\(port_of "\$app"\)\/health\/live"/);
  });

  it('knows every app, and each one’s port default is the documented one', () => {
    const configuration = readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8');
    const ports = [...ledgerApp.matchAll(/^\s+([a-z-]+)\) echo "\$\{([A-Z_]+):-(\d+)\}" ;;$/gm)].map(([, app, variable, port]) => ({ app, variable, port }));

    expect(ports.map((entry) => entry.app).sort()).toEqual([...appNames].sort());
    for (const { variable, port } of ports) expect(configuration).toContain(`| \`${variable ?? '?'}\` | \`${port ?? '?'}\` |`);
    const dispatch = /^\s+((?:[a-z-]+ \| )+[a-z-]+)\)$/m.exec(ledgerApp)?.[1] ?? '';
    expect(dispatch.split(' | ').sort()).toEqual([...appNames].sort());
  });

  it('carries the OCI labels, its version and licence those of package.json', () => {
    const args = new Map(final?.instructions.filter((instruction) => instruction.keyword === 'ARG').map((instruction) => [instruction.text.split('=')[0] ?? '', instruction.text.split('=')[1]]));

    for (const name of ['title', 'description', 'source', 'licenses', 'version', 'revision', 'created', 'base.name']) {
      expect({ name, set: /\S/.test(runtime.labels.get(`org.opencontainers.image.${name}`) ?? '') }).toEqual({ name, set: true });
    }
    expect(runtime.labels.get('org.opencontainers.image.licenses')).toBe(rootPackage.license);
    // A variable the stage has not declared expands to nothing (a global ARG reaches FROM lines only).
    const used = [...runtime.labels.values()].flatMap((value) => [...value.matchAll(/\$\{?([A-Z_]+)/g)].map((match) => match[1]));
    expect(used.filter((name) => name === undefined || !args.has(name))).toEqual([]);
    expect(runtime.labels.get('org.opencontainers.image.version')).toBe('${VERSION}');
    expect(args.get('VERSION')).toBe(rootPackage.version);
  });
});
