import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ledger/platform/testing';
import { prometheusArguments } from '../src/components/prometheus';
import { appScrapeTargets, ledgerRuleFiles, prometheusConfig } from '../src/components/prometheus-config';
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
    writeFileSync(configFile, prometheusConfig({ targets: appScrapeTargets, ruleFiles: ledgerRuleFiles, scrapeInterval: '5s' }));

    const check = spawnSync(program('LEDGER_PROMTOOL_BINARY'), ['check', 'config', configFile], { encoding: 'utf8' });

    expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS');
    expect(check.status).toBe(0);
  });

  describe('scraping an app', () => {
    // A metric name of this run only, so a value can only come from this scrape.
    const metric = `ledger_scrape_probe_${randomUUID().replaceAll('-', '')}`;
    let app: Server;
    let prometheus: ChildProcess | undefined;
    let prometheusUrl: string;
    let appAddress: string;

    beforeAll(async () => {
      app = createServer((request, response) => {
        if (request.url !== '/metrics') return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`# TYPE ${metric} gauge\n${metric} 42\n`);
      });
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      const address = app.address();
      if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
      appAddress = `127.0.0.1:${address.port}`;
      const configFile = join(folder, 'probe.yml');
      writeFileSync(configFile, prometheusConfig({ targets: [{ job: 'probe-app', address: appAddress }], ruleFiles: [], scrapeInterval: '1s' }));
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
    });

    it('reads the app\'s metric back through the query API, labelled with its job and instance', async () => {
      const query = new URL('/api/v1/query', prometheusUrl);
      query.searchParams.set('query', metric);

      const sample = await waitUntil(
        async () => {
          const response = await fetch(query);
          if (!response.ok) throw new Error(`query answered ${response.status}`);
          const [first] = ((await response.json()) as QueryAnswer).data.result;
          if (first === undefined) throw new Error('not scraped yet');
          return first;
        },
        { what: 'the private Prometheus', timeoutMs: 30_000, giveUpIf: () => (prometheus?.exitCode === null ? undefined : `exited with ${String(prometheus?.exitCode)}`) },
      );

      expect(sample.metric).toEqual({ __name__: metric, job: 'probe-app', instance: appAddress });
      expect(sample.value[1]).toBe('42');
    });
  });
});
