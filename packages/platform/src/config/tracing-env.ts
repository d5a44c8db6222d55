/** What the tracing start needs from the environment; the OTEL_* variables are OpenTelemetry's standard ones. */
export interface TracingSettings {
  /** On only when an OTLP endpoint is given and the SDK is not disabled. */
  readonly enabled: boolean;
  /** `OTEL_SERVICE_NAME` when set, else the app's own name. */
  readonly serviceName: string;
}

export function tracingSettings(appName: string, source: NodeJS.ProcessEnv = process.env): TracingSettings {
  const endpoint = source['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? source['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  const disabled = source['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true';
  return { enabled: endpoint !== undefined && endpoint.trim() !== '' && !disabled, serviceName: source['OTEL_SERVICE_NAME'] ?? appName };
}

/**
 * Ledger exports traces only: metrics are Prometheus's (`/metrics`) and logs go to stdout in ECS,
 * so the SDK's own metrics and logs exporters, which default to OTLP, stay off unless asked for.
 */
export function tracesOnlyDefaults(target: NodeJS.ProcessEnv = process.env): void {
  target['OTEL_METRICS_EXPORTER'] ??= 'none';
  target['OTEL_LOGS_EXPORTER'] ??= 'none';
}
