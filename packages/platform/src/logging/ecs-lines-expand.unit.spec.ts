import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What Filebeat's `expand_keys` does before Elasticsearch sees a line (infra/observability/filebeat):
 * `"log.level": "info"` becomes `log: { level: "info" }`, merged with any `log` object. A key that
 * is both a value and an object is a conflict: Filebeat flags the event and Elasticsearch would
 * reject it, so the line would be lost.
 */
function expandKeys(entry: Tree, at = ''): Tree {
  const root: Tree = {};
  for (const [key, value] of Object.entries(entry)) {
    const path = key.split('.');
    let target = root;
    for (const part of path.slice(0, -1)) {
      const next = target[part] ?? {};
      if (!isTree(next)) throw new Error(`${at}${key}: ${part} is a value and an object`);
      target = target[part] = next;
    }
    const leaf = path.at(-1) ?? key;
    const expanded = isTree(value) ? expandKeys(value, `${at}${key}.`) : value;
    const existing = target[leaf];
    if (existing === undefined) target[leaf] = expanded;
    else if (isTree(existing) && isTree(expanded)) target[leaf] = { ...existing, ...expanded };
    else throw new Error(`${at}${key} is given twice`);
  }
  return root;
}

describe('log lines under Filebeat expand_keys', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('expand into ECS objects without a conflict, whatever fields a line carries', () => {
    const lines: string[] = [];
    const logger = createLogger({ app: 'command-api', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const request = logger.child({ correlationId: 'corr-1' });

    new TracerProvider().getTracer('test').startActiveSpan('POST /accounts', (span) => {
      request.error({ req: { method: 'POST', url: '/accounts', ip: '10.0.0.7' }, res: { statusCode: 500 }, err: new Error('boom'), responseTime: 2 }, 'request errored');
      span.end();
    });
    logger.error({ streamId: 'account-1', error: 'no such event type' }, 'event dead-lettered');
    logger.info({ url: 'http://127.0.0.1:3000' }, 'listening');
    new PinoNestLogger(logger).error('boom', 'Error: boom\n    at main.js:1:1', 'ExceptionsHandler');

    const expanded = lines.map((line) => expandKeys(JSON.parse(line) as Tree));
    expect(expanded[0]).toMatchObject({
      log: { level: 'error' },
      service: { name: 'command-api' },
      trace: { id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown },
      span: { id: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown },
      error: { type: 'Error', message: 'boom' },
      http: { request: { method: 'POST' }, response: { status_code: 500 } },
      url: { path: '/accounts' },
      correlationId: 'corr-1',
    });
    expect(expanded.slice(1)).toEqual([
      expect.objectContaining({ error: { message: 'no such event type' } }),
      expect.objectContaining({ url: { original: 'http://127.0.0.1:3000' } }),
      expect.objectContaining({ error: { stack_trace: 'Error: boom\n    at main.js:1:1' }, context: 'ExceptionsHandler' }),
    ]);
  });

  it('would catch a conflict', () => {
    expect(() => expandKeys({ 'url.full': 'http://x', url: 'http://x' })).toThrow(/url/);
  });
});
