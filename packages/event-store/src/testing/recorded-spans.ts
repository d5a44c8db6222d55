import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** The spans the code under test ended, with what the SDK would export for them. */
export interface RecordedSpans {
  /** Every span ended so far, oldest first. */
  ended(): ReadableSpan[];
  /** The ended spans named `name`. */
  named(name: string): ReadableSpan[];
  clear(): void;
  /** Uninstalls the tracer, context manager and propagator, so later tests run with tracing off. */
  stop(): Promise<void>;
}

/**
 * Installs a real OpenTelemetry tracer (sample everything, W3C propagation, async context) that
 * keeps ended spans in memory, as `startTracing` would with an exporter. For tests of what the
 * code records; the export to a real backend is the e2e tier's (Jaeger).
 */
export function recordSpans(): RecordedSpans {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    ended: () => exporter.getFinishedSpans(),
    named: (name) => exporter.getFinishedSpans().filter((span) => span.name === name),
    clear: () => exporter.reset(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
