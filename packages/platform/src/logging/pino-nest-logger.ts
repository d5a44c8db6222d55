import type { LoggerService } from '@nestjs/common';
import type { AppLogger } from './create-logger';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `LoggerService` over pino, so Nest's own lines (module wiring, exceptions, shutdown) are
 * ECS JSON like everything else. Nest passes the logger's context as the last string parameter and,
 * for errors, a stack before it; both become fields. (A request's own lines come from its
 * request logger, which carries the `correlationId`; see correlation.hook.ts.)
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoLevel, message: unknown, params: readonly unknown[]): void {
    const present = params.filter((param) => param !== undefined);
    const context = present.length > 0 && typeof present.at(-1) === 'string' ? present.pop() : undefined;
    const fields: Record<string, unknown> = { context };
    const stack = present.find((param) => typeof param === 'string' && /\n\s+at /.test(param));
    // ECS keeps a stack under `error.stack_trace`; the line's message is Nest's message.
    if (stack !== undefined) fields['error'] = { stack_trace: stack };

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      // Structured call (`logger.log({ message: 'appended', streamId })`): the object's fields win,
      // and its `message` (or pino's usual `msg`) is the line's ECS `message`.
      const { message: text, msg, ...rest } = message as Record<string, unknown>;
      const line = text ?? msg;
      if (typeof line === 'string') this.logger[level]({ ...fields, ...rest }, line);
      else this.logger[level]({ ...fields, ...rest }, line === undefined ? '' : JSON.stringify(line));
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
