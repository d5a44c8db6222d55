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
  it('writes one ECS JSON line per call with the level as a word, the app and Nest\'s context', () => {
    const { logger, lines, entries } = capture();

    logger.log('Mapped {/health, GET} route', 'RouterExplorer');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{.*\}\n$/);
    expect(entries()[0]).toMatchObject({ 'log.level': 'info', 'service.name': 'test-app', context: 'RouterExplorer', message: 'Mapped {/health, GET} route' });
  });

  it('maps every Nest level onto a pino level', () => {
    const { logger, entries } = capture();

    logger.error('e');
    logger.warn('w');
    logger.debug('d');
    logger.verbose('v');
    logger.fatal('f');

    expect(entries().map((entry) => entry['log.level'])).toEqual(['error', 'warn', 'debug', 'trace', 'fatal']);
  });

  it('keeps the stack Nest passes with an error message as the ECS stack trace', () => {
    const { logger, entries } = capture();
    const stack = 'Error: boom\n    at Object.<anonymous> (main.js:1:1)';

    logger.error('boom', stack, 'ExceptionsHandler');

    expect(entries()[0]).toMatchObject({ message: 'boom', error: { stack_trace: stack }, context: 'ExceptionsHandler' });
  });

  it('serialises an Error object as ECS error fields', () => {
    const { logger, entries } = capture();

    logger.error(new Error('pool exhausted'), 'PostgresModule');

    expect(entries()[0]).toMatchObject({ message: 'pool exhausted', error: { message: 'pool exhausted', type: 'Error' } });
  });

  it('spreads an object message as fields, for structured lines', () => {
    const { logger, entries } = capture();

    logger.log({ message: 'appended', streamId: 'account-1', position: '42' }, 'AppendHandler');
    logger.log({ msg: 'appended', streamId: 'account-2' }, 'AppendHandler');

    expect(entries()[0]).toMatchObject({ message: 'appended', streamId: 'account-1', position: '42', context: 'AppendHandler' });
    expect(entries()[1]).toMatchObject({ message: 'appended', streamId: 'account-2' });
    expect(entries()[1]).not.toHaveProperty('msg');
  });
});
