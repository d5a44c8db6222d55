import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths';

export interface ScrapeTarget {
  /** Prometheus's `job` label. */
  readonly job: string;
  /** `host:port`, Prometheus's `instance` label. */
  readonly address: string;
}

/** The apps of API.md on their default ports; each serves `/metrics`. */
export const appScrapeTargets: readonly ScrapeTarget[] = [
  { job: 'command-api', address: '127.0.0.1:3000' },
  { job: 'query-api', address: '127.0.0.1:3001' },
  { job: 'projector', address: '127.0.0.1:3002' },
  { job: 'event-relay', address: '127.0.0.1:3003' },
  { job: 'transfer-processor', address: '127.0.0.1:3005' },
];

/** The alert rules of infra/observability; a glob that matches nothing is fine for Prometheus. */
export const ledgerRuleFiles = [join(repoRoot, 'infra', 'observability', 'rules', '*.yml')];

export interface PrometheusConfigSpec {
  readonly targets: readonly ScrapeTarget[];
  readonly ruleFiles: readonly string[];
  readonly scrapeInterval: string;
  /**
   * A folder where other commands add instances while Prometheus runs (`npm run cluster` puts
   * each app's second instance ten ports up): `<source>.<job>.json` files, read on change.
   */
  readonly targetsDir?: string;
}

/**
 * `prometheus.yml`. Written as JSON, which is YAML too: no YAML library, and no quoting rules
 * to get wrong for paths and globs.
 */
export function prometheusConfig(spec: PrometheusConfigSpec): string {
  const config = {
    global: { scrape_interval: spec.scrapeInterval, evaluation_interval: spec.scrapeInterval },
    rule_files: spec.ruleFiles,
    scrape_configs: [...addressesByJob(spec.targets)].map(([job, addresses]) => ({
      job_name: job,
      metrics_path: '/metrics',
      static_configs: [{ targets: addresses }],
      // An address listed here and in a file is one target: Prometheus drops the duplicate.
      ...(spec.targetsDir === undefined ? {} : { file_sd_configs: [{ files: [join(spec.targetsDir, `*.${job}.json`)], refresh_interval: '5s' }] }),
    })),
  };
  return `${JSON.stringify(config, undefined, 2)}\n`;
}

/** Prometheus refuses two scrape configs with one job name: instances of one app share their job's. */
function addressesByJob(targets: readonly ScrapeTarget[]): Map<string, string[]> {
  const jobs = new Map<string, string[]>();
  for (const { job, address } of targets) jobs.set(job, [...(jobs.get(job) ?? []), address]);
  return jobs;
}

/** A job name that is safe in a file name and in the `*.<job>.json` pattern of `prometheusConfig`. */
const jobName = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Tells a running Prometheus about more instances: one file per job, named by `source` so that
 * two commands do not overwrite each other. Files `source` left before (a run that was killed, a
 * job it no longer has) go first. Returns a function that takes them away again.
 */
export function addScrapeTargets(targetsDir: string, source: string, targets: readonly ScrapeTarget[]): () => void {
  const jobs = addressesByJob(targets);
  for (const name of [source, ...jobs.keys()]) if (!jobName.test(name)) throw new Error(`scrape targets: "${name}" must match ${String(jobName)}`);
  mkdirSync(targetsDir, { recursive: true });
  for (const stale of readdirSync(targetsDir).filter((file) => file.startsWith(`${source}.`))) rmSync(join(targetsDir, stale), { force: true });
  const files = [...jobs].map(([job, addresses]) => {
    const file = join(targetsDir, `${source}.${job}.json`);
    // Prometheus watches the folder: a file it sees must be whole, so it appears by rename.
    const partial = `${file}.partial`;
    writeFileSync(partial, `${JSON.stringify([{ targets: addresses }], undefined, 2)}\n`);
    renameSync(partial, file);
    return file;
  });
  return () => {
    for (const file of files) rmSync(file, { force: true });
  };
}
