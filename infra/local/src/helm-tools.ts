import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGoTool, goBuildInto, type GoBuildSettings } from './go-build';
import { withDirectoryLock } from './lock';
import { cacheDir, repoRoot } from './paths';
import { ensurePythonVenv, type PythonTool } from './python-venv';

/** Pinned: a new Helm may lint or render differently, which must be a reviewed change here. */
export const HELM_VERSION = '3.22.1';
/**
 * The Kubernetes release the chart is checked against: Helm renders for it (`--kube-version`) and
 * kubecheck decodes into its API types (k8s.io/api v0.35.x in infra/helm/kubecheck/go.mod). The
 * oldest minor release the Kubernetes project still supports, so what passes runs on every
 * supported cluster.
 */
export const KUBERNETES_VERSION = '1.35.0';
/** Pinned like Helm: a checkov release adds checks, and a new failure must be a reviewed change. */
export const CHECKOV_VERSION = '3.3.30';

export const chartDir = join(repoRoot, 'infra', 'helm', 'ledger');
const kubecheckSource = join(repoRoot, 'infra', 'helm', 'kubecheck');

// Helm and kubecheck share most of their modules (k8s.io/*), so one module cache serves both.
const toolsHome = join(cacheDir, 'helm-tools');
const moduleCache = join(toolsHome, 'gomod');
const helmModule = 'helm.sh/helm/v3';

type Progress = (line: string) => void;

function settings(what: string, needs: string): GoBuildSettings {
  return {
    moduleCache,
    logFile: join(cacheDir, 'logs', `${what}-build.log`),
    failure: `${what}: the build failed (it needs ${needs} and access to the Go module proxy)`,
  };
}

/** Builds `binary` under a lock unless it exists; a second process waits for the first's build. */
async function once(binary: string, lockName: string, build: () => Promise<void>): Promise<string> {
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  return withDirectoryLock(join(cacheDir, `.${lockName}.lock`), async () => {
    if (!existsSync(binary)) await build();
    return binary;
  });
}

/**
 * The helm CLI at HELM_VERSION, built from its Go module into the download cache on first use
 * (several minutes) and reused afterwards. Stamped as Helm's own Makefile stamps a release, so
 * `helm version` and its default Kubernetes version are a release build's.
 */
export function ensureHelm(progress: Progress): Promise<string> {
  const home = join(cacheDir, `helm-${HELM_VERSION}`);
  const binary = join(home, 'helm');
  return once(binary, `helm-${HELM_VERSION}`, async () => {
    const build = settings(`helm-${HELM_VERSION}`, 'Go 1.26+');
    progress(`building Helm ${HELM_VERSION} with go into ${home} (first run only, several minutes; log: ${build.logFile})…`);
    const ldflags = [
      '-s -w',
      `-X ${helmModule}/internal/version.version=v${HELM_VERSION}`,
      // Helm's Makefile derives these from its client-go (v0.37 → Kubernetes 1.37).
      `-X ${helmModule}/pkg/lint/rules.k8sVersionMajor=1 -X ${helmModule}/pkg/lint/rules.k8sVersionMinor=37`,
      `-X ${helmModule}/pkg/chartutil.k8sVersionMajor=1 -X ${helmModule}/pkg/chartutil.k8sVersionMinor=37`,
    ].join(' ');
    await buildGoTool(build, `${helmModule}/cmd/helm`, `v${HELM_VERSION}`, binary, home, ldflags);
  });
}

/**
 * kubecheck (infra/helm/kubecheck), built into a cache folder named after a hash of its sources,
 * so an edit to them builds a new one and an unchanged checkout reuses the last (earlier builds stay:
 * another checkout sharing the cache may still run one). Its go.sum is
 * checked in: the build may not change a requirement (`-mod=readonly`).
 */
export function ensureKubecheck(progress: Progress): Promise<string> {
  const key = kubecheckSourceHash();
  const home = join(cacheDir, `kubecheck-${key}`);
  const binary = join(home, 'kubecheck');
  return once(binary, 'kubecheck', async () => {
    const build = settings('kubecheck', 'Go 1.25.6+');
    progress(`building kubecheck (Kubernetes ${KUBERNETES_VERSION} API types) with go into ${home} (first run after a change to it, minutes on a fresh cache; log: ${build.logFile})…`);
    mkdirSync(home, { recursive: true });
    await goBuildInto(build, kubecheckSource, binary, ['.'], { goFlags: '-mod=readonly' });
  });
}

/** The checkov CLI at CHECKOV_VERSION, in a virtual environment of its own (PyPI, once). */
export async function ensureCheckov(progress: Progress): Promise<string> {
  const tool: PythonTool = { name: `checkov-${CHECKOV_VERSION}`, requirements: [`checkov==${CHECKOV_VERSION}`] };
  return join(await ensurePythonVenv(tool, progress), 'bin', 'checkov');
}

function kubecheckSourceHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync(kubecheckSource)
    .filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum')
    .sort();
  for (const name of files) hash.update(name).update('\0').update(readFileSync(join(kubecheckSource, name))).update('\0');
  return hash.digest('hex').slice(0, 12);
}
