import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';

/**
 * Spans of Ledger's own work (command, decide, append, relay publish, projection apply). Through
 * the OpenTelemetry API only: without an SDK (tracing off) every call here is a no-op that costs
 * a function call, so the code paths are the same with tracing on and off.
 */
export function ledgerTracer(): Tracer {
  return trace.getTracer('ledger');
}

/** The W3C `traceparent` of the active span, to store with what this span writes; none when tracing is off. */
export function traceparentOfActiveSpan(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/** The context a stored or received `traceparent` continues; the root context when there is none. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  return traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** A link to the span a `traceparent` names, for a batch span that serves many traces. */
export function linkToTraceparent(traceparent: string | undefined): Link | undefined {
  const spanContext = trace.getSpanContext(contextOfTraceparent(traceparent));
  return spanContext === undefined ? undefined : { context: spanContext };
}

/**
 * Runs `work` in a new active span (a child of `parent`, default the active context), records a
 * thrown error on it and ends it however `work` ends.
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, parent: Context = context.active(), links: Link[] = []): Promise<T> {
  return ledgerTracer().startActiveSpan(name, { attributes, links }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Records `error` on `span` and marks the span failed. */
export function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The spans one stage (publish, project) opened in the traces of the events it handles. */
interface EventSpans {
  /** Ends every span, marked failed when the stage failed. */
  end(error?: unknown): void;
}

/**
 * Opens `name` in the trace of each event that carries one, as a child of the span that appended
 * it: a stage that handles a batch of events from many requests then shows up in each request's
 * own trace, starting when the batch started and ending when the batch is done. An event without
 * a `traceparent` (appended with tracing off) gets no span rather than a trace of its own.
 */
function startEventSpans<E extends { readonly metadata: { readonly traceparent?: string } }>(
  name: string,
  events: readonly E[],
  attributesOf: (event: E) => Attributes,
): EventSpans {
  const tracer = ledgerTracer();
  const spans: Span[] = [];
  for (const event of events) {
    const traceparent = event.metadata.traceparent;
    if (traceparent !== undefined) spans.push(tracer.startSpan(name, { attributes: attributesOf(event) }, contextOfTraceparent(traceparent)));
  }
  return {
    end(error?: unknown) {
      for (const span of spans) {
        if (error !== undefined) markFailed(span, error);
        span.end();
      }
    },
  };
}

/** Links from a batch's own span to the traces of its events (bounded: OpenTelemetry keeps 128 links by default). */
function linksToEvents(events: readonly { readonly metadata: { readonly traceparent?: string } }[]): Link[] {
  const links: Link[] = [];
  for (const event of events) {
    const link = linkToTraceparent(event.metadata.traceparent);
    if (link !== undefined) links.push(link);
    if (links.length >= 128) break;
  }
  return links;
}

/** How a stage that handles a batch of events names its spans. */
export interface BatchSpans<E> {
  /** The batch's own span: active while the batch is handled, linked to each event's trace. */
  readonly batch: { readonly name: string; readonly attributes: Attributes };
  /** The span opened in each event's own trace, from the batch's start to its end. */
  readonly perEvent: { readonly name: string; readonly attributesOf: (event: E) => Attributes };
}

/**
 * Runs `work` on a batch of events traced both ways: a batch span of its own (it serves many
 * requests, so it links to their traces rather than joining one), and a span in each event's
 * trace, so a request's trace shows when this stage handled its events. `failureOf` tells from
 * the result whether the events were in fact not handled (a batch given up), to mark their spans.
 */
export function traceBatch<E extends { readonly metadata: { readonly traceparent?: string } }, T>(
  events: readonly E[],
  spans: BatchSpans<E>,
  work: (batchSpan: Span) => Promise<T>,
  failureOf: (result: T) => Error | undefined = () => undefined,
): Promise<T> {
  const eventSpans = startEventSpans(spans.perEvent.name, events, spans.perEvent.attributesOf);
  return inSpan(
    spans.batch.name,
    spans.batch.attributes,
    async (batchSpan) => {
      try {
        const result = await work(batchSpan);
        eventSpans.end(failureOf(result));
        return result;
      } catch (error) {
        eventSpans.end(error);
        throw error;
      }
    },
    context.active(),
    linksToEvents(events),
  );
}
