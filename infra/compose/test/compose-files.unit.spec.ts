import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from '../../local/src/paths';
import { addressesOf, composeApps, defaultPortOf, ledgerApps } from '../src/compose-apps';
import { composeNginxConfig, composePrometheusConfig, GATEWAY_PORT, generatedComposeFiles } from '../src/compose-files';
import { documentedDefault } from '../src/ports';
import { appSchemas, docs } from './app-schemas';

/** Files whose committed text is not what the generator writes, as `npm run compose:files` would fix them. */
function staleFiles(read: (path: string) => string): string[] {
  return generatedComposeFiles()
    .filter(({ path, text }) => read(path) !== text)
    .map(({ path }) => `${relative(repoRoot, path)} differs from its source: run npm run compose:files`);
}

describe("compose.yaml's generated configs", () => {
  it('are committed exactly as the renderers write them', () => {
    expect(staleFiles((path) => readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('are reported when edited by hand', () => {
    const edited = (path: string): string => readFileSync(path, 'utf8').replace('max_fails=1', 'max_fails=3');
    expect(staleFiles(edited)).toEqual(['infra/compose/nginx.conf differs from its source: run npm run compose:files']);
  });

  it("route the gateway to every API and projector instance, listening on its container's every interface", () => {
    const config = composeNginxConfig();
    expect(config).toContain(`\n        listen ${GATEWAY_PORT};\n`);
    expect(config).not.toContain('127.0.0.1');
    for (const address of [...addressesOf('command-api'), ...addressesOf('query-api'), ...addressesOf('projector')]) {
      expect(config).toContain(`server ${address} max_fails=1 fail_timeout=5s;`);
    }
    expect(addressesOf('command-api')).toEqual(['command-api-1:3000', 'command-api-2:3000']);
  });

  it('scrape every instance under its app\'s job, the name the rules and dashboards select', () => {
    const config = JSON.parse(composePrometheusConfig().replace(/^#.*\n/, '')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const scraped = config.scrape_configs.flatMap(({ job_name, static_configs }) => static_configs.flatMap(({ targets }) => targets.map((target) => `${job_name} ${target}`)));
    expect(scraped.sort()).toEqual(composeApps.map(({ service, app, port }) => `${app} ${service}:${port}`).sort());
    expect(new Set(config.scrape_configs.map((job) => job.job_name)).size).toBe(config.scrape_configs.length);
  });

  it('reach each app on the port docs/configuration.md gives as its default (API.md\'s)', () => {
    const ports = ledgerApps.map((app) => {
      const variable = appSchemas[app]['port']?.name ?? '';
      return { app, variable, documented: documentedDefault(docs.configuration, variable), used: defaultPortOf(app) };
    });
    expect(ports.filter(({ documented, used }) => documented !== used)).toEqual([]);
    expect(ports.map(({ variable }) => variable)).toEqual(['COMMAND_API_PORT', 'QUERY_API_PORT', 'PROJECTOR_PORT', 'EVENT_RELAY_PORT', 'TRANSFER_PROCESSOR_PORT']);
  });
});
