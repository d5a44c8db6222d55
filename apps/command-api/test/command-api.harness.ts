import { accountStreamId, decodeAccountEvent, evolve, initialState, type AccountState } from '@ledger/domain';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventually } from '@ledger/event-store/testing';
import { createApp, loadConfig } from '@ledger/platform';
import { withTestToken } from '@ledger/platform/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { commandApiConfigSchema } from '../src/command-api.config';
import { commandApiDefinition } from '../src/command-api.definition';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** The command API listening on a free port over the real PostgreSQL, in its own schema. */
export interface CommandApiUnderTest {
  readonly url: string;
  /** The Nest application, for what a test reads from inside it (its PG_POOL). */
  readonly app: NestFastifyApplication;
  /**
   * Sent as the test teller unless `headers` has its own `authorization` (`''` sends none), with
   * a token from the stack's OpenID provider.
   */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** The raw request, for bodies that are not JSON; authorized like `post`. */
  send(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<HttpAnswer>;
  /** The account as folded from its stored events: what the command side knows for certain. */
  account(accountId: string): Promise<{ state: AccountState; revisions: bigint[] }>;
  readonly logLines: string[];
  readonly schema: string;
  readonly pool: Pool;
  /** Another instance on the same store (its own queue), to race against this one. */
  secondInstance(): Promise<CommandApiUnderTest>;
  close(): Promise<void>;
}

async function answerOf(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function listening(schema: string, env: Record<string, string>, logLines: string[]): Promise<NestFastifyApplication> {
  const config = loadConfig(commandApiConfigSchema, { ...process.env, HOST: '127.0.0.1', EVENT_STORE_SCHEMA: schema, LOG_LEVEL: 'info', ...env });
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const app = await createApp(commandApiDefinition(config, logs));
  await app.listen(0, '127.0.0.1');
  return app;
}

export async function startCommandApi(env: Record<string, string> = {}, schema = `command_api_${randomUUID().replaceAll('-', '').slice(0, 12)}`): Promise<CommandApiUnderTest> {
  const logLines: string[] = [];
  const app = await listening(schema, env, logLines);
  const url = await app.getUrl();
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const store = new PostgresEventStore({ pool, schema });
  // The app migrates in the background after boot; /health says when it is done.
  const healthStatus = async () => (await fetch(`${url}/health`)).status;
  await eventually(healthStatus, (status) => status === 200, { what: `command API at ${url} is healthy`, timeoutMs: 15_000, intervalMs: 50 });
  const send = async (path: string, init: RequestInit & { headers?: Record<string, string> }) =>
    answerOf(await fetch(`${url}${path}`, { ...init, headers: await withTestToken(init.headers) }));
  return {
    url,
    app,
    logLines,
    schema,
    pool,
    send,
    post: (path, body, headers = {}) =>
      send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    account: async (accountId) => {
      const events = await store.readStream(accountStreamId(accountId), { direction: 'forwards' });
      const state = events.reduce((current, event) => evolve(current, decodeAccountEvent(event)), initialState);
      return { state, revisions: events.map((event) => event.streamRevision) };
    },
    secondInstance: () => startCommandApi(env, schema),
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

/** Drops a schema made by `startCommandApi`; call once, after every instance on it closed. */
export async function dropSchema(schema: string): Promise<void> {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}


/**
 * One command API per test file, started before its tests and dropped with its schema after:
 * `const api = commandApiForThisFile();` then `api().post(...)` inside tests.
 */
export function commandApiForThisFile(env: Record<string, string> = {}): () => CommandApiUnderTest {
  let api: CommandApiUnderTest | undefined;
  beforeAll(async () => {
    api = await startCommandApi(env);
  });
  afterAll(async () => {
    await api?.close();
    if (api !== undefined) await dropSchema(api.schema);
  });
  return () => {
    if (api === undefined) throw new Error('the command API is started in beforeAll');
    return api;
  };
}
