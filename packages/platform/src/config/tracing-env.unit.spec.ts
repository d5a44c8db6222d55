import { tracesOnlyDefaults, tracingSettings } from './tracing-env';

describe('tracing settings', () => {
  it('is off without an OTLP endpoint, so nothing is exported by default', () => {
    expect(tracingSettings('command-api', {})).toEqual({ enabled: false, serviceName: 'command-api' });
    expect(tracingSettings('command-api', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).enabled).toBe(false);
  });

  it('is on with the general or the traces endpoint, unless the SDK is disabled', () => {
    expect(tracingSettings('projector', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).enabled).toBe(true);
    expect(tracingSettings('projector', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).enabled).toBe(true);
    expect(tracingSettings('projector', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
  });

  it('names the service after the app unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(tracingSettings('query-api', { OTEL_SERVICE_NAME: 'ledger-query-eu' }).serviceName).toBe('ledger-query-eu');
  });

  it('turns the SDK\'s OTLP metrics and logs exporters off, but keeps an explicit choice', () => {
    const target: NodeJS.ProcessEnv = { OTEL_LOGS_EXPORTER: 'console' };
    tracesOnlyDefaults(target);
    expect(target).toEqual({ OTEL_LOGS_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none' });
  });
});
