import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from './create-logger';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ app: 'test-app', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('createLogger', () => {
  it('writes one Elastic Common Schema JSON object per line', () => {
    const { logger, lines, entries } = capture();

    logger.info({ streamId: 'account-1', position: '42' }, 'appended');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{.*\}\n$/);
    const [entry] = entries();
    expect(entry).toMatchObject({
      'ecs.version': expect.stringMatching(/^\d+\.\d+\.\d+$/) as unknown,
      'log.level': 'info',
      message: 'appended',
      'service.name': 'test-app',
      'process.pid': process.pid,
      streamId: 'account-1',
      position: '42',
    });
    const timestamp = entry?.['@timestamp'] as string;
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
    // The pre-ECS names are gone, so no line carries both spellings.
    for (const old of ['msg', 'level', 'time', 'app', 'pid']) expect(entry).not.toHaveProperty([old]);
  });

  it("keeps a child logger's fields (the request's correlationId) without repeating the ECS ones", () => {
    const { logger, lines, entries } = capture();

    logger.child({ correlationId: 'corr-1' }).warn('slow');

    expect(entries()[0]).toMatchObject({ 'log.level': 'warn', correlationId: 'corr-1', 'service.name': 'test-app' });
    expect(lines[0]?.match(/"service\.name"/g)).toHaveLength(1);
  });
});

describe('createLogger inside OpenTelemetry spans', () => {
  const tracer = new TracerProvider().getTracer('logging-test');
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => context.disable());

  it("stamps each line with the active span's trace.id and span.id, across awaits and nested spans", async () => {
    const { logger, entries } = capture();
    const ids: { traceId: string; spanId: string }[] = [];

    await tracer.startActiveSpan('command', async (span) => {
      ids.push(span.spanContext());
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('in the span');
      tracer.startActiveSpan('append', (child) => {
        ids.push(child.spanContext());
        logger.debug('in the child span');
        child.end();
      });
      span.end();
    });

    expect(entries()).toEqual([
      expect.objectContaining({ message: 'in the span', 'trace.id': ids[0]?.traceId, 'span.id': ids[0]?.spanId }),
      expect.objectContaining({ message: 'in the child span', 'trace.id': ids[0]?.traceId, 'span.id': ids[1]?.spanId }),
    ]);
    expect(ids[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves both out of a line logged outside any span, or in a span without a valid context', () => {
    const { logger, entries } = capture();

    logger.info('outside');
    context.with(trace.setSpan(context.active(), trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })), () => logger.info('invalid'));

    for (const entry of entries()) {
      expect(entry).not.toHaveProperty(['trace.id']);
      expect(entry).not.toHaveProperty(['span.id']);
    }
    expect(entries()).toHaveLength(2);
  });
});

describe('createLogger maps fields ECS defines otherwise', () => {
  it('turns a logged err into error.type, error.message, error.stack_trace and error.code', () => {
    const { logger, entries } = capture();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

    logger.warn({ err: refused }, 'PostgreSQL connection failed');

    const [entry] = entries();
    expect(entry).toMatchObject({
      message: 'PostgreSQL connection failed',
      error: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', stack_trace: expect.stringContaining('create-logger.unit.spec') as unknown },
    });
    expect(entry).not.toHaveProperty('err');
  });

  it("names the parts of an AggregateError, follows the cause chain, and keeps a thrown string's text", () => {
    const { logger, entries } = capture();
    const dualStack = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')]);
    const wrapped = new TypeError('publish failed', { cause: new Error('broker gone') });

    logger.error({ err: dualStack }, 'a');
    logger.error({ err: wrapped }, 'b');
    logger.error({ err: 'plain text' }, 'c');

    const errors = entries().map((entry) => entry['error'] as Record<string, string>);
    expect(errors[0]).toMatchObject({ type: 'AggregateError', message: 'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432' });
    expect(errors[1]?.['stack_trace']).toMatch(/^TypeError: publish failed\n[\s\S]*caused by: Error: broker gone/);
    expect(errors[2]).toEqual({ message: 'plain text' });
  });

  it('turns an error string into error.message, and a url string into url.original', () => {
    const { logger, entries } = capture();

    logger.error({ streamId: 'account-1', error: 'unknown event type' }, 'event dead-lettered');
    logger.info({ url: 'http://127.0.0.1:3000' }, 'listening');

    expect(entries()[0]).toMatchObject({ streamId: 'account-1', error: { message: 'unknown event type' } });
    expect(entries()[1]).toMatchObject({ url: { original: 'http://127.0.0.1:3000' } });
  });

  it("turns Fastify's req and res into ECS http, url and client fields, headers left out", () => {
    const { logger, lines, entries } = capture();
    const request = { method: 'GET', url: '/accounts/a-1?at=3', ip: '10.0.0.7', headers: { authorization: 'Bearer secret' } };

    logger.info({ req: request, res: { statusCode: 200 }, responseTime: 1.5 }, 'request completed');

    expect(entries()[0]).toMatchObject({
      http: { request: { method: 'GET' }, response: { status_code: 200 } },
      url: { original: '/accounts/a-1?at=3', path: '/accounts/a-1', query: 'at=3' },
      client: { ip: '10.0.0.7' },
      responseTime: 1.5,
    });
    expect(entries()[0]).not.toHaveProperty('req');
    expect(lines[0]).not.toContain('secret');
  });

  it('never logs the authorization code or state a sign-in returns with', () => {
    const { logger, lines, entries } = capture();
    const request = { method: 'GET', url: '/console/?code=abc123SECRET&state=xyz789&lang=en', ip: '127.0.0.1' };

    logger.info({ req: request, res: { statusCode: 200 } }, 'request completed');

    expect(entries()[0]).toMatchObject({ url: { path: '/console/', query: 'code=[redacted]&state=[redacted]&lang=en' } });
    expect(lines[0]).not.toContain('abc123SECRET');
    expect(lines[0]).not.toContain('xyz789');
  });
});
