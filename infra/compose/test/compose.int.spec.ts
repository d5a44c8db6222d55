import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { composeDir, composeFile } from '../src/compose-apps';
import { composeDocumentOf, type ComposeDocument } from '../src/compose-model';
import { readCompose } from '../src/read-compose';
import { environmentProblems, fileProblems, instanceProblems, migrateProblems, publishedPortProblems, realm, realmProblems, serverSettingProblems } from './compose-check';

// compose.yaml as Docker Compose reads it (YAML 1.2, then the Compose specification's schema),
// and then as the apps, the docs and the other files of the repository expect it. Each check is
// also run on a copy with one deliberate mistake, which it must report: a check that cannot fail
// proves nothing.

type RawService = Record<string, unknown> & { environment: Record<string, unknown> };
type RawCompose = { services: Record<string, RawService> } & Record<string, unknown>;

let raw: RawCompose;
let document: ComposeDocument;
let schemaErrors: readonly string[];

/** The real file's data with one change, as the checks read it. */
function withMistake(change: (copy: RawCompose) => void): ComposeDocument {
  const copy = structuredClone(raw);
  change(copy);
  return composeDocumentOf(copy);
}

function service(copy: RawCompose, name: string): RawService {
  const found = copy.services[name];
  if (found === undefined) throw new Error(`no service ${name} in compose.yaml`);
  return found;
}

/** Reads a variant of compose.yaml's text through the same parser and schema. */
async function readVariant(edit: (text: string) => string): Promise<ReturnType<typeof readCompose>> {
  const text = readFileSync(composeFile, 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-compose-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), edited);
    return await readCompose(join(dir, 'compose.yaml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const read = await readCompose(composeFile, (line) => process.stderr.write(`[compose] ${line}\n`));
  raw = read.document as RawCompose;
  schemaErrors = read.schemaErrors;
  document = composeDocumentOf(read.document);
}, 10 * 60_000);

describe('compose.yaml', () => {
  describe('(1) the Compose specification', () => {
    it('is met: the schema finds nothing', () => {
      expect(schemaErrors).toEqual([]);
      expect(Object.keys(document.services).length).toBeGreaterThan(15);
    });

    it('reports a misspelt key and a value of the wrong type', async () => {
      const { schemaErrors: errors } = await readVariant((text) => text.replace('  redis:\n    image: redis:8.2\n', '  redis:\n    image: redis:8.2\n    helthcheck: {}\n    shm_size: [64]\n'));
      expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^services\/redis: 'helthcheck' does not match any of the regexes/), expect.stringMatching(/^services\/redis\/shm_size: /)]));
    });

    it('refuses a key given twice, as Compose does', async () => {
      await expect(readVariant((text) => text.replace('    image: redis:8.2\n', '    image: redis:8.2\n    image: redis:7\n'))).rejects.toThrow(/duplicate key 'image'/);
    });

    it('reads YAML 1.2 as Compose does: an unquoted no is a string', async () => {
      const { schemaErrors: errors, document: variant } = await readVariant((text) => text.replace('    restart: "no"\n', '    restart: no\n'));
      expect(errors).toEqual([]);
      expect(composeDocumentOf(variant).services['migrate']).toBeDefined();
      expect((variant as RawCompose).services['migrate']?.['restart']).toBe('no');
    });
  });

  describe('(2) every app service sets exactly what its app reads', () => {
    it('for PostgreSQL and for KurrentDB', () => {
      expect(environmentProblems(document)).toEqual([]);
    });

    it("and the migrate service what `ledger migrate` reads, with the apps' database and store", () => {
      expect(migrateProblems(document)).toEqual([]);
    });

    it.each([
      ['a misspelt variable', (copy: RawCompose) => (service(copy, 'command-api-1').environment['COMMAND_API_PROT'] = '3000'), /command-api-1: COMMAND_API_PROT is set, but the app does not read it/],
      ['a variable of another app', (copy: RawCompose) => (service(copy, 'query-api-2').environment['MIGRATE_ON_BOOT'] = 'false'), /query-api-2: MIGRATE_ON_BOOT is set, but the app does not read it/],
      ['a value the app refuses', (copy: RawCompose) => (service(copy, 'query-api-1').environment['QUERY_API_PORT'] = 'abc'), /query-api-1: QUERY_API_PORT: "abc" is not a port/],
      ['a variable production requires', (copy: RawCompose) => delete service(copy, 'projector').environment['DATABASE_URL'], /projector: DATABASE_URL is not set: the app would run on its development default/],
      ['a setting that follows NODE_ENV', (copy: RawCompose) => delete service(copy, 'event-relay').environment['MIGRATE_ON_BOOT'], /event-relay: MIGRATE_ON_BOOT is not set, so it depends on NODE_ENV/],
      ['a value from the shell', (copy: RawCompose) => (service(copy, 'command-api-2').environment['LOG_LEVEL'] = null), /command-api-2: LOG_LEVEL takes its value from the shell/],
      ['what KurrentDB needs', (copy: RawCompose) => delete service(copy, 'transfer-processor').environment['KURRENTDB_URL'], /^with EVENT_STORE=kurrentdb docker compose --profile kurrentdb up: transfer-processor: KURRENTDB_URL: is required when EVENT_STORE is kurrentdb/],
    ])('reports %s', (_what, change, problem) => {
      expect(environmentProblems(withMistake(change))).toEqual([expect.stringMatching(problem)]);
    });

    it('reports a migrate service that sets what the CLI does not read, or another database', () => {
      const mistaken = withMistake((copy) => {
        service(copy, 'migrate').environment['MIGRATE_ON_BOOT'] = 'true';
        service(copy, 'migrate').environment['DATABASE_URL'] = 'postgres://ledger:ledger@postgres:5432/other';
      });
      expect(migrateProblems(mistaken)).toEqual([
        'migrate: MIGRATE_ON_BOOT is set, but the app does not read it',
        "migrate: DATABASE_URL is postgres://ledger:ledger@postgres:5432/other, the apps' is postgres://ledger:ledger@postgres:5432/ledger",
      ]);
    });
  });

  describe('(3) every file it mounts or builds from', () => {
    it('is in the repository, and every volume is declared', () => {
      expect(fileProblems(document)).toEqual([]);
    });

    it('reports a mount of a file that is not there, and an undeclared volume', () => {
      const mistaken = withMistake((copy) => {
        service(copy, 'grafana')['volumes'] = ['./infra/compose/grafana/datasource.yaml:/etc/grafana/provisioning/datasources/ledger.yaml:ro'];
        service(copy, 'redis')['volumes'] = ['redis-data:/data'];
      });
      expect(fileProblems(mistaken)).toEqual([
        'redis: mounts the volume redis-data, which the top-level volumes do not declare',
        'grafana: mounts ./infra/compose/grafana/datasource.yaml at /etc/grafana/provisioning/datasources/ledger.yaml, which does not exist',
      ]);
    });
  });

  describe('(4) ports on this machine', () => {
    it('are the ones the docs give', () => {
      expect(publishedPortProblems(document)).toEqual([]);
    });

    it('reports a port the docs do not give', () => {
      const mistaken = withMistake((copy) => (service(copy, 'gateway')['ports'] = ['127.0.0.1:8081:8080']));
      expect(publishedPortProblems(mistaken)).toEqual([
        'gateway: compose.yaml publishes 8081, the docs say 8080',
        "gateway: compose.yaml publishes 8081, docs/configuration.md's LEDGER_GATEWAY_PORT say 8080",
      ]);
    });

    it('reports docs that give another port, and a port open beyond this machine', () => {
      const mistaken = withMistake((copy) => (service(copy, 'prometheus')['ports'] = ['9090:9090']));
      expect(publishedPortProblems(mistaken)).toEqual(['prometheus: publishes port 9090 on every interface, not 127.0.0.1']);
      const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'deploying.md'), 'utf8').replace('http://localhost:16686', 'http://localhost:16687');
      expect(publishedPortProblems(document, docs)).toEqual(['jaeger: compose.yaml publishes 4318, 16686, the docs say 4318, 16687']);
    });
  });

  describe('runs what the rest of the repository expects', () => {
    it("a prometheus.yml that Prometheus's own promtool accepts", async () => {
      // The int tier's global setup puts Debian's promtool here (`npm run stack -- up`).
      const promtool = process.env['LEDGER_PROMTOOL_BINARY'] ?? '';
      expect(promtool).not.toBe('');
      const { stdout } = await promisify(execFile)(promtool, ['check', 'config', join(composeDir, 'prometheus.yml')]);
      expect(stdout).toContain('SUCCESS');
    });

    it('the instances the generated nginx.conf and prometheus.yml name, after the migration', () => {
      expect(instanceProblems(document)).toEqual([]);
      const mistaken = withMistake((copy) => {
        copy.services['command-api-3'] = service(copy, 'command-api-2');
        delete copy.services['command-api-2'];
      });
      expect(instanceProblems(mistaken)).toEqual(['command-api-3: runs command-api, but the generated configs do not know this instance', 'command-api-2: missing (the generated nginx.conf and prometheus.yml route to it)']);
    });

    it("the realm Keycloak imports, as the apps' identity settings name it", () => {
      expect(realmProblems(document)).toEqual([]);
      const mistaken = withMistake((copy) => (service(copy, 'event-relay').environment['AUTH_AUDIENCE'] = 'account'));
      expect(realmProblems(mistaken)).toEqual(['event-relay: tokens of ledger-cli do not carry its AUTH_AUDIENCE account', 'event-relay: tokens of ledger-console do not carry its AUTH_AUDIENCE account']);
      const withoutOperators = { ...realm, roles: { realm: (realm.roles?.realm ?? []).filter((role) => role.name !== 'operator') } };
      expect(realmProblems(document, withoutOperators)).toEqual(['realm ledger: has no role operator']);
    });

    it("servers that take the apps' connections and consumer sessions", () => {
      expect(serverSettingProblems(document)).toEqual([]);
      const mistaken = withMistake((copy) => {
        service(copy, 'postgres')['command'] = ['postgres', '-c', 'max_connections=100'];
        delete service(copy, 'kafka').environment['KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS'];
      });
      expect(serverSettingProblems(mistaken)).toEqual([
        "projector: its 2000 ms Kafka session is below the broker's group.min.session.timeout.ms (6000 ms)",
        "transfer-processor: its 2000 ms Kafka session is below the broker's group.min.session.timeout.ms (6000 ms)",
        expect.stringMatching(/^postgres: max_connections is 100, the apps' pools and sessions need \d+$/),
      ]);
    });
  });
});
