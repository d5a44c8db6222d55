import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ledger/platform/testing';
import { prometheusArguments } from '../src/components/prometheus';
import { addScrapeTargets, appScrapeTargets, ledgerRuleFiles, prometheusConfig } from '../src/components/prometheus-config';
import { waitUntil } from '../src/wait';

// Read by name, so the configuration reference's scan finds them.
const programs = { LEDGER_PROMETHEUS_BINARY: process.env['LEDGER_PROMETHEUS_BINARY'], LEDGER_PROMTOOL_BINARY: process.env['LEDGER_PROMTOOL_BINARY'] };

function program(variable: keyof typeof programs): string {
  const path = programs[variable];
  if (path === undefined) throw new Error(`${variable} is not set: the int and e2e tiers set it (their global setup runs \`npm run stack -- up\`)`);
  return path;
}

interface QueryAnswer {
  readonly data: { readonly result: readonly { readonly metric: Record<string, string>; readonly value: readonly [number, string] }[] };
}

interface TargetsAnswer {
  readonly data: { readonly activeTargets: readonly { readonly labels: Record<string, string> }[] };
}

/** A /metrics endpoint of one gauge at 42 on a free port: an app instance as Prometheus sees it. */
async function metricsServer(metric: string): Promise<{ readonly server: Server; readonly address: string }> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`# TYPE ${metric} gauge\n${metric} 42\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return { server, address: `127.0.0.1:${address.port}` };
}

describe('the local Prometheus', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-prometheus-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes the stack\'s generated prometheus.yml, rule files included (promtool check config)', () => {
    const configFile = join(folder, 'stack.yml');
    writeFileSync(configFile, prometheusConfig({ targets: appScrapeTargets, ruleFiles: ledgerRuleFiles, scrapeInterval: '5s', targetsDir: join(folder, 'targets') }));

    const check = spawnSync(program('LEDGER_PROMTOOL_BINARY'), ['check', 'config', configFile], { encoding: 'utf8' });

    expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS');
    expect(check.status).toBe(0);
  });

  describe('scraping an app', () => {
    // A metric name of this run only, so a value can only come from this scrape.
    const metric = `ledger_scrape_probe_${randomUUID().replaceAll('-', '')}`;
    let app: Server;
    let secondApp: Server | undefined;
    let prometheus: ChildProcess | undefined;
    let prometheusUrl: string;
    let appAddress: string;

    beforeAll(async () => {
      ({ server: app, address: appAddress } = await metricsServer(metric));
      const configFile = join(folder, 'probe.yml');
      writeFileSync(configFile, prometheusConfig({ targets: [{ job: 'probe-app', address: appAddress }], ruleFiles: [], scrapeInterval: '1s', targetsDir: join(folder, 'targets') }));
      const port = await freePort();
      prometheusUrl = `http://127.0.0.1:${port}`;
      prometheus = spawn(program('LEDGER_PROMETHEUS_BINARY'), prometheusArguments(configFile, join(folder, 'data'), port), { stdio: 'ignore' });
    });

    afterAll(async () => {
      // Undefined when the setup failed before the spawn: its own error is the one to see.
      const server = prometheus;
      if (server !== undefined && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await new Promise((resolve) => app.close(resolve));
      if (secondApp !== undefined) await new Promise((resolve) => secondApp?.close(resolve));
    });

    const scraped = (minimum: number) =>
      waitUntil(
        async () => {
          const query = new URL('/api/v1/query', prometheusUrl);
          query.searchParams.set('query', metric);
          const response = await fetch(query);
          if (!response.ok) throw new Error(`query answered ${response.status}`);
          const { result } = ((await response.json()) as QueryAnswer).data;
          if (result.length < minimum) throw new Error(`${result.length} of ${minimum} instances scraped yet`);
          return result;
        },
        { what: 'the private Prometheus', timeoutMs: 30_000, giveUpIf: () => (prometheus?.exitCode === null ? undefined : `exited with ${String(prometheus?.exitCode)}`) },
      );

    it('reads the app\'s metric back through the query API, labelled with its job and instance', async () => {
      const [sample] = await scraped(1);

      expect(sample?.metric).toEqual({ __name__: metric, job: 'probe-app', instance: appAddress });
      expect(sample?.value[1]).toBe('42');
    });

    it('scrapes instances a running command adds to the targets folder (as npm run cluster does), the one it already knew once, and stops when they are taken away', async () => {
      const second = await metricsServer(metric);
      secondApp = second.server;
      const remove = addScrapeTargets(join(folder, 'targets'), 'cluster', [
        { job: 'probe-app', address: appAddress },
        { job: 'probe-app', address: second.address },
      ]);

      const both = await scraped(2);
      expect(both.map((sample) => sample.metric['instance']).sort()).toEqual([appAddress, second.address].sort());
      expect(both.every((sample) => sample.metric['job'] === 'probe-app')).toBe(true);

      const targets = async () => ((await (await fetch(new URL('/api/v1/targets', prometheusUrl))).json()) as TargetsAnswer).data.activeTargets.map((target) => target.labels['instance']);
      // Listed in the config and in the file, the first instance is one target, scraped once.
      expect((await targets()).filter((instance) => instance === appAddress)).toHaveLength(1);

      remove();
      await waitUntil(
        async () => {
          const instances = await targets();
          if (instances.includes(second.address)) throw new Error('the added instance is still a target');
          return instances;
        },
        { what: 'the added target to go', timeoutMs: 30_000 },
      );
      // The config's own target stays.
      expect(await targets()).toContain(appAddress);
    });
  });
});
