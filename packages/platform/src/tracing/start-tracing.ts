import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { tracesOnlyDefaults, tracingSettings } from '../config/tracing-env';

let running: NodeSDK | undefined;

/** Probes and scrapes answer every few seconds; a span each would bury the requests people look for. */
const untracedPaths = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Starts OpenTelemetry for `appName` when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise does
 * nothing, and every span in the code is a no-op. Must run before the instrumented modules (http,
 * pg, mongodb) are first required, so each app's `main.ts` imports its `tracing.ts` first.
 * Exporter, protocol and sampling come from the standard OTEL_* variables (OTEL_TRACES_SAMPLER,
 * OTEL_TRACES_SAMPLER_ARG; the default samples every trace a caller did not already decide on).
 * Kafka is traced by Ledger's own spans (`relay publish`, `project …`), not by a client
 * instrumentation: kafkajs's would overwrite the `traceparent` header the relay copies from the
 * event with its own send span, and the default client has none.
 */
export function startTracing(appName: string): boolean {
  const settings = tracingSettings(appName);
  if (!settings.enabled || running !== undefined) return running !== undefined;
  tracesOnlyDefaults();
  running = new NodeSDK({
    serviceName: settings.serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => untracedPaths.test(request.url ?? '') }),
      // Only inside a span of ours: the relay's polls and the pools' keep-alives are not requests.
      new PgInstrumentation({ requireParentSpan: true }),
      new MongoDBInstrumentation({ requireParentSpan: true }),
    ],
  });
  running.start();
  return true;
}

/** Flushes the spans still buffered; called when the app shuts down, so the last requests are not lost. */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
