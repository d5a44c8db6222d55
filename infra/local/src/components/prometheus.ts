import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '../component';
import { installDebianPackages, unpackedFile, type DebianUnpack } from '../debian-packages';
import { componentPaths } from '../paths';
import { answersGet } from '../http-check';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { ports } from '../settings';
import { waitUntil } from '../wait';
import { appScrapeTargets, ledgerRuleFiles, prometheusConfig } from './prometheus-config';

/** Debian bookworm's Prometheus (2.42): Go binaries that need nothing beyond libc. */
const debian: DebianUnpack = { component: 'prometheus', packages: ['prometheus'], folder: 'prometheus-debian' };
const prometheusBinary = unpackedFile(debian, 'usr', 'bin', 'prometheus');
const promtoolBinary = unpackedFile(debian, 'usr', 'bin', 'promtool');

export interface PrometheusTools {
  readonly prometheus: string;
  readonly promtool: string;
}

/** Installs Debian's Prometheus into the cache (once) and returns its two programs. */
export async function prometheusTools(progress: (line: string) => void): Promise<PrometheusTools> {
  await installDebianPackages(debian, promtoolBinary, progress);
  return { prometheus: prometheusBinary, promtool: promtoolBinary };
}

function installedVersion(): string {
  const probe = spawnSync(prometheusBinary, ['--version'], { encoding: 'utf8' });
  return /version (\S+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1] ?? 'unknown';
}

/**
 * Scraped data is for looking at what just happened on this machine, not for keeping: a short
 * retention keeps the data folder small however long the stack runs.
 */
const retention = '2d';

/** Where `npm run cluster` lists its instances for the stack's Prometheus (see `addScrapeTargets`). */
export function prometheusTargetsDir(): string {
  return join(componentPaths('prometheus').home, 'targets');
}

/** The command line of a Prometheus that scrapes per `configFile` and keeps its data in `dataDir`. */
export function prometheusArguments(configFile: string, dataDir: string, port: number): string[] {
  return [
    `--config.file=${configFile}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--storage.tsdb.path=${dataDir}`,
    `--storage.tsdb.retention.time=${retention}`,
    '--log.level=warn',
  ];
}

/** Prometheus, scraping every app's `/metrics` every 5 s and evaluating infra/observability's rules. */
export function prometheusComponent(): Component {
  const paths = componentPaths('prometheus');
  const port = ports.prometheus;
  return {
    name: 'prometheus',
    profile: 'observability',
    get version() {
      return existsSync(prometheusBinary) ? installedVersion() : '2.42 (Debian)';
    },
    paths,
    port,
    envVariable: 'PROMETHEUS_URL',
    localUrl: `http://127.0.0.1:${port}`,
    stopSignal: 'SIGTERM',
    programs: [
      { path: prometheusBinary, envVariable: 'LEDGER_PROMETHEUS_BINARY' },
      { path: promtoolBinary, envVariable: 'LEDGER_PROMTOOL_BINARY' },
    ],
    async install(progress) {
      await prometheusTools(progress);
    },
    async start() {
      mkdirSync(paths.dataDir, { recursive: true });
      const configFile = join(paths.home, 'prometheus.yml');
      writeFileSync(configFile, prometheusConfig({ targets: appScrapeTargets, ruleFiles: ledgerRuleFiles, scrapeInterval: '5s', targetsDir: prometheusTargetsDir() }));
      spawnDaemon({ command: prometheusBinary, args: prometheusArguments(configFile, paths.dataDir, port), logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 30_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => answersGet(new URL('/-/ready', url)), { what: 'prometheus', timeoutMs, giveUpIf: exitedDuringStart(paths, 'server') });
    },
  };
}
