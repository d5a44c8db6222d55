export interface JaegerPorts {
  /** Query API (and the UI page, a placeholder in a build from the Go module). */
  readonly query: number;
  readonly queryGrpc: number;
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
}

/**
 * Traces kept in memory: enough for an afternoon of local work, bounded so a long-running
 * stack under load does not grow without end (the oldest traces are evicted).
 */
const maxTraces = 100_000;

/**
 * Jaeger v2's config (an OpenTelemetry Collector's): OTLP in, in-memory storage, the query API
 * (whose UI page is a placeholder: the UI ships with release builds only), every listener on
 * 127.0.0.1, none of the optional receivers or extensions. Written as JSON, which is YAML too.
 */
export function jaegerConfig(ports: JaegerPorts): string {
  const local = (port: number): string => `127.0.0.1:${port}`;
  const config = {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      // Its own metrics would listen on 8888 of every interface; nothing here reads them.
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      jaeger_storage: { backends: { memory_store: { memory: { max_traces: maxTraces } } } },
      jaeger_query: { storage: { traces: 'memory_store' }, http: { endpoint: local(ports.query) }, grpc: { endpoint: local(ports.queryGrpc) } },
    },
    receivers: { otlp: { protocols: { grpc: { endpoint: local(ports.otlpGrpc) }, http: { endpoint: local(ports.otlpHttp) } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memory_store' } },
  };
  return `${JSON.stringify(config, undefined, 2)}\n`;
}
