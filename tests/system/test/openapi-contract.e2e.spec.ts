import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { stackToken, TEST_OPERATOR, TEST_TELLER } from '@ledger/platform/testing';
import { disposeEnvironment, isolatedEnvironment, RunningSystem, type AppName } from './system.harness';

const repoRoot = join(__dirname, '..', '..', '..');
const configDir = join(__dirname, 'contract');

// Bounded so the four runs take about a minute on two cores; fixed seed, no example database
// carried between runs, one worker: the same requests in the same order on every machine.
const schemathesisArguments = (url: string, app: AppName, token: string): string[] => [
  ...(existsSync(join(configDir, `${app}.schemathesis.toml`)) ? ['--config-file', join(configDir, `${app}.schemathesis.toml`)] : []),
  'run',
  `${url}/docs/json`,
  '--url',
  url,
  '--max-examples',
  '25',
  '--seed',
  '20261205',
  '--generation-database',
  'none',
  '--workers',
  '1',
  '--no-color',
  // The role each app serves (API.md "Identity and access"); schemathesis also checks that a request without it is refused.
  '--header',
  `Authorization: Bearer ${token}`,
];

// The command API as a customer: every body its schema allows is then valid (a teller must name an
// owner, which the schema cannot say), and the accounts it opens are its own to act on.
const callerOf = (app: AppName) => (app === 'projector' ? TEST_OPERATOR : app === 'command-api' ? { subject: 'schemathesis-customer', roles: ['customer'] } : TEST_TELLER);

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: { readonly $ref?: string } }> }> }>>;
}

/** What a generator or a fuzzer could not rely on: a response without a schema, an error that is not the shared problem. */
function gapsIn(document: OpenApiDocument): string[] {
  const gaps: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const schemas = Object.entries(response.content ?? {}).map(([media, content]) => ({ media, ref: content.schema?.$ref, any: content.schema !== undefined }));
        const isHealthReport = path.startsWith('/health') && status === '503';
        const fine = Number(status) >= 400 && !isHealthReport
          ? schemas.length === 1 && schemas[0]?.media === 'application/problem+json' && schemas[0].ref === '#/components/schemas/ProblemDetails'
          : schemas.length > 0 && schemas.every((schema) => schema.any);
        if (!fine) gaps.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  return gaps;
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** The pinned schemathesis through the project's own installer (`npm run schemathesis`), which sets it up on first use. */
function schemathesis(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra/local/schemathesis.ts'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/*
 * Every app's OpenAPI document, held to what the running app answers: schemathesis generates
 * requests from the document (valid and invalid ones, then sequences it infers from Location
 * headers) and checks every answer with all of its checks: no 5xx, no status the operation does not
 * document, every body and header as documented, invalid data refused, valid data accepted,
 * undeclared methods 405 with Allow. The few places where a check cannot apply are configured in
 * contract/<app>.schemathesis.toml, each with its reason; docs/rest-contract.md lists them.
 */
describe('the OpenAPI contract of every built app, checked by schemathesis against the running app', () => {
  const env: Record<string, string> = { ...isolatedEnvironment(), READ_YOUR_WRITES_DEFAULT_MS: '0' };
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');
  const workDir = mkdtempSync(join(tmpdir(), 'ledger-schemathesis-'));

  beforeAll(async () => {
    // The whole loop runs, so commands the run sends show up in the query API it then fuzzes.
    for (const app of ['command-api', 'projector', 'event-relay', 'query-api', 'transfer-processor'] as const) await system.start(app);
    // Installs on first use (about 30 s), outside the timed-out tests below.
    const version = await schemathesis(['--version'], workDir);
    if (version.code !== 0) throw new Error(`schemathesis could not be installed:\n${version.output}`);
  }, 300_000);

  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(['command-api', 'query-api', 'projector', 'event-relay', 'transfer-processor'] as const)('%s documents a schema for every response, and every error as the shared ProblemDetails', async (app) => {
    const document = (await (await fetch(`${system.url(app)}/docs/json`)).json()) as OpenApiDocument;

    expect(gapsIn(document)).toEqual([]);
  });

  it.each(['command-api', 'query-api', 'projector', 'event-relay', 'transfer-processor'] as const)('%s answers as its document says', async (app) => {
    const token = await stackToken({ subject: callerOf(app).subject, roles: callerOf(app).roles });
    const run = await schemathesis(schemathesisArguments(system.url(app), app, token), workDir);

    // On failure the report says which request broke which check, with a curl line to reproduce it.
    expect({ exitCode: run.code, report: run.code === 0 ? 'passed' : run.output }).toEqual({ exitCode: 0, report: 'passed' });
  });
});
