import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture() {
  const lines: string[] = [];
  const logger = new PinoNestLogger(
    createLogger({ app: 'test-app', level: 'trace', destination: { write: (line: string) => void lines.push(line) } }),
  );
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('PinoNestLogger', () => {
  it('writes one JSON line per call with the level as a word, the app and Nest\'s context', () => {
    const { logger, lines, entries } = capture();

    logger.log('Mapped {/health, GET} route', 'RouterExplorer');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{.*\}\n$/);
    expect(entries()[0]).toMatchObject({ level: 'info', app: 'test-app', context: 'RouterExplorer', msg: 'Mapped {/health, GET} route' });
  });

  it('maps every Nest level onto a pino level', () => {
    const { logger, entries } = capture();

    logger.error('e');
    logger.warn('w');
    logger.debug('d');
    logger.verbose('v');
    logger.fatal('f');

    expect(entries().map((entry) => entry['level'])).toEqual(['error', 'warn', 'debug', 'trace', 'fatal']);
  });

  it('keeps the stack Nest passes with an error message', () => {
    const { logger, entries } = capture();
    const stack = 'Error: boom\n    at Object.<anonymous> (main.js:1:1)';

    logger.error('boom', stack, 'ExceptionsHandler');

    expect(entries()[0]).toMatchObject({ msg: 'boom', stack, context: 'ExceptionsHandler' });
  });

  it('serialises an Error object as err', () => {
    const { logger, entries } = capture();

    logger.error(new Error('pool exhausted'), 'PostgresModule');

    expect(entries()[0]).toMatchObject({ msg: 'pool exhausted', err: { message: 'pool exhausted', type: 'Error' } });
  });

  it('spreads an object message as fields, for structured lines', () => {
    const { logger, entries } = capture();

    logger.log({ msg: 'appended', streamId: 'account-1', position: '42' }, 'AppendHandler');

    expect(entries()[0]).toMatchObject({ msg: 'appended', streamId: 'account-1', position: '42', context: 'AppendHandler' });
  });
});
