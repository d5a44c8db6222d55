import { eventually } from '@ledger/event-store/testing';
import { withTestToken } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { disposeEnvironment, isolatedEnvironment, RunningSystem } from './system.harness';

/** A span as Jaeger's query API (`/api/traces/<id>`) returns it. */
interface JaegerSpan {
  readonly spanID: string;
  readonly operationName: string;
  readonly processID: string;
  readonly references: readonly { readonly refType: string; readonly spanID: string }[];
}
interface JaegerTrace {
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { readonly serviceName: string }>>;
}

const jaeger = process.env['JAEGER_URL'];
const otlp = process.env['LEDGER_TEST_OTLP_ENDPOINT'];

/**
 * ARCHITECTURE.md's promise for traces: one deposit, sent with a trace id the test chose, is one
 * trace in a real Jaeger, from the HTTP request through decide and append, the relay's publish,
 * each projection that applies it, to the query that reads it back with read-your-writes.
 */
describe('one trace per command, in Jaeger', () => {
  const env: Record<string, string> = {
    ...isolatedEnvironment(),
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp ?? '',
    // Export within a fraction of a second rather than the default 5 s, so the test reads the trace soon.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const system = new RunningSystem(env);
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const mongo = new MongoClient(env['MONGODB_URL'] ?? '');

  beforeAll(async () => {
    if (jaeger === undefined || otlp === undefined) throw new Error('JAEGER_URL and LEDGER_TEST_OTLP_ENDPOINT are set by the e2e tier (npm run stack -- up --with observability)');
    await system.start('command-api');
    await Promise.all((['event-relay', 'projector', 'query-api'] as const).map((name) => system.start(name)));
  });

  afterAll(async () => {
    await system.stopAll();
    await disposeEnvironment(env, pool, mongo);
  });

  it('shows a deposit from the request to every read model and the read that waited for it', async () => {
    const accountId = randomUUID();
    const opened = await post(`/accounts`, { accountId, ownerId: 'trace-owner', currency: 'EUR' });
    expect(opened.status).toBe(201);
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

    const deposited = await post(`/accounts/${accountId}/deposits`, { amount: '12.50', currency: 'EUR' }, traceparent);
    expect(deposited.status).toBe(201);
    const read = await fetch(`${system.url('query-api')}/accounts/${accountId}?minRevision=1&timeoutMs=20000`, { headers: await withTestToken({ traceparent }) });
    expect(read.status).toBe(200);

    const expected = [
      ['command-api', 'POST /accounts/:id/deposits'],
      ['command-api', 'command DepositMoney'],
      ['command-api', 'decide'],
      ['command-api', 'append'],
      ['event-relay', 'relay publish'],
      ['projector', 'project account-summary'],
      ['projector', 'project account-transactions'],
      ['projector', 'project customer-portfolio'],
      ['query-api', 'GET /accounts/:id'],
      ['query-api', 'read-your-writes wait'],
    ];
    const servicesAndNames = (found: JaegerTrace | undefined): string[] => (found === undefined ? [] : spansOf(found).map(({ service, span }) => `${service} ${span.operationName}`));
    const trace = await eventually(
      () => traceFromJaeger(traceId),
      (found): found is JaegerTrace => expected.every(([service, name]) => servicesAndNames(found).includes(`${service} ${name}`)),
      { what: `trace ${traceId} in Jaeger with ${expected.map((entry) => entry.join(' ')).join(', ')}`, timeoutMs: 30_000, intervalMs: 500 },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nJaeger has: ${servicesAndNames(await traceFromJaeger(traceId)).join(', ')}`);
    });

    const spans = spansOf(trace);
    const command = spans.find(({ span }) => span.operationName === 'command DepositMoney')?.span;
    const parentOf = (service: string, name: string): string | undefined =>
      spans.find((entry) => entry.service === service && entry.span.operationName === name)?.span.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID;
    // The events stored the command's span: the relay and each projection are its children.
    expect(parentOf('event-relay', 'relay publish')).toBe(command?.spanID);
    for (const projection of ['account-summary', 'account-transactions', 'customer-portfolio']) expect(parentOf('projector', `project ${projection}`)).toBe(command?.spanID);
    // The database work shows under the append (pg instrumentation).
    const append = spans.find(({ service, span }) => service === 'command-api' && span.operationName === 'append')?.span;
    expect(spans.filter(({ span }) => span.references.some((ref) => ref.spanID === append?.spanID)).length).toBeGreaterThan(0);
  });

  async function post(path: string, body: Record<string, string>, traceparent?: string): Promise<Response> {
    const headers = await withTestToken({ 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(traceparent === undefined ? {} : { traceparent }) });
    return fetch(`${system.url('command-api')}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }
});

/** The trace as Jaeger holds it now; undefined while it has none of its spans (404). */
async function traceFromJaeger(traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${jaeger ?? ''}/api/traces/${traceId}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Jaeger answered ${response.status} for trace ${traceId}`);
  const body = (await response.json()) as { data?: readonly JaegerTrace[] };
  return body.data?.[0];
}

function spansOf(trace: JaegerTrace): { service: string; span: JaegerSpan }[] {
  return trace.spans.map((span) => ({ service: trace.processes[span.processID]?.serviceName ?? '?', span }));
}
