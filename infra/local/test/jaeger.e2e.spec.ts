import { randomBytes } from 'node:crypto';
import { waitUntil } from '../src/wait';

// Read by name, so the configuration reference's scan finds them.
const stackVariables = { LEDGER_TEST_OTLP_ENDPOINT: process.env['LEDGER_TEST_OTLP_ENDPOINT'], JAEGER_URL: process.env['JAEGER_URL'] };

function variable(name: keyof typeof stackVariables): string {
  const value = stackVariables[name];
  if (value === undefined) throw new Error(`${name} is not set: the e2e tier's global setup starts the stack's observability profile`);
  return value;
}

interface JaegerTraces {
  readonly data: readonly { readonly traceID: string; readonly spans: readonly { readonly spanID: string; readonly operationName: string }[] }[];
}

describe('the local Jaeger', () => {
  it('is not handed to the apps the tests spawn, which would otherwise all trace', () => {
    expect(process.env['OTEL_EXPORTER_OTLP_ENDPOINT']).toBeUndefined();
    expect(variable('LEDGER_TEST_OTLP_ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts a span over OTLP/HTTP JSON and returns it from its query API', async () => {
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = { traceId, spanId, name: 'stack-probe', kind: 1, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n) };
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ledger-stack-probe' } }] },
          scopeSpans: [{ scope: { name: 'infra/local' }, spans: [span] }],
        },
      ],
    };

    const accepted = await fetch(new URL('/v1/traces', variable('LEDGER_TEST_OTLP_ENDPOINT')), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(accepted.status).toBe(200);

    // Spans are batched before they are stored, so the trace appears a moment later.
    const traces = await waitUntil(
      async () => {
        const response = await fetch(new URL(`/api/traces/${traceId}`, variable('JAEGER_URL')));
        if (!response.ok) throw new Error(`trace lookup answered ${response.status}`);
        return (await response.json()) as JaegerTraces;
      },
      { what: 'the trace in Jaeger', timeoutMs: 30_000 },
    );

    expect(traces.data.map((trace) => ({ traceID: trace.traceID, spans: trace.spans.map((s) => ({ spanID: s.spanID, operationName: s.operationName })) }))).toEqual([
      { traceID: traceId, spans: [{ spanID: spanId, operationName: 'stack-probe' }] },
    ]);
  });
});
