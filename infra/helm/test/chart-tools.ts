import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartDir, ensureCheckov, ensureHelm, ensureKubecheck, KUBERNETES_VERSION } from '../../local/src/helm-tools';
import type { Rendered } from './rendered-objects';

/** The values files a release can be installed with; each is linted, rendered, decoded and checked. */
export const valuesFiles = ['values.yaml', 'values-dev.yaml', 'values-production.yaml'] as const;
export type ValuesFile = (typeof valuesFiles)[number];

export const releaseName = 'ledger';
export const namespace = 'ledger';

export interface Tools {
  readonly helm: string;
  readonly kubecheck: string;
  readonly checkov: string;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Progress on stderr as it happens: a first run builds Go programs for minutes. */
function progress(line: string): void {
  process.stderr.write(`[helm chart] ${line}\n`);
}

/** The three tools, built or installed on first use (minutes), reused from the cache afterwards. */
export async function ensureTools(): Promise<Tools> {
  const started = Date.now();
  // One after the other: two Go builds side by side would only compete for the same cores.
  const helm = await ensureHelm(progress);
  const kubecheck = await ensureKubecheck(progress);
  const checkov = await ensureCheckov(progress);
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 5) progress(`tools ready in ${seconds.toFixed(0)} s (cached from now on)`);
  return { helm, kubecheck, checkov };
}

// Helm writes its repository cache and config under $HOME; a test leaves the user's alone.
const helmHome = mkdtempSync(join(tmpdir(), 'ledger-helm-home-'));

export function run(command: string, args: readonly string[], input?: string): RunResult {
  const result = spawnSync(command, [...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: helmHome, HELM_CONFIG_HOME: helmHome, HELM_DATA_HOME: helmHome } });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `helm lint --strict` of the chart with one values file, for the Kubernetes version it targets. */
export function lint(tools: Tools, values: ValuesFile): RunResult {
  return run(tools.helm, ['lint', chartDir, '--strict', '--kube-version', KUBERNETES_VERSION, '--namespace', namespace, '-f', join(chartDir, values)]);
}

/** `helm template` of the chart with one values file; throws with helm's message when it fails. */
export function template(tools: Tools, values: ValuesFile, extra: readonly string[] = []): string {
  const result = run(tools.helm, ['template', releaseName, chartDir, '--namespace', namespace, '--kube-version', KUBERNETES_VERSION, '-f', join(chartDir, values), ...extra]);
  if (result.status !== 0) throw new Error(`helm template with ${values} failed: ${result.stderr}`);
  return result.stdout;
}

/** Strict decoding of a YAML stream: kubecheck's exit status, its messages, and the decoded objects. */
export function decode(tools: Tools, yaml: string): RunResult & { readonly objects: readonly Rendered[] } {
  const result = run(tools.kubecheck, ['-json'], yaml);
  const objects = result.status === 0 ? (JSON.parse(result.stdout) as Rendered[]) : [];
  return { ...result, objects };
}

/** A rendered stream in a file of its own, named after its values file (checkov names findings by file). */
export function writeRendered(dir: string, values: ValuesFile, yaml: string): string {
  const file = join(dir, values.replace(/\.yaml$/, '.rendered.yaml'));
  writeFileSync(file, yaml);
  return file;
}
