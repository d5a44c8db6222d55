import { isSpanContextValid, trace } from '@opentelemetry/api';

/** ECS tracing fields (https://www.elastic.co/guide/en/ecs/current/ecs-tracing.html). */
export interface ActiveSpanFields {
  readonly 'trace.id'?: string;
  readonly 'span.id'?: string;
}

/**
 * The ids of the OpenTelemetry span active where a line is logged, so Kibana can join a log line
 * to its trace (and the APM UI can list a trace's logs). A pino `mixin`: ecs-pino-format only
 * finds Elastic's own APM agent. Outside any span (or with tracing off, where every span is a
 * no-op with an invalid context) a line carries neither field rather than zeros. A new object
 * every call: pino merges the line's own fields into it.
 */
export function activeSpanFields(): ActiveSpanFields {
  const context = trace.getActiveSpan()?.spanContext();
  if (context === undefined || !isSpanContextValid(context)) return {};
  return { 'trace.id': context.traceId, 'span.id': context.spanId };
}
