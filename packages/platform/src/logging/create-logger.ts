import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/platform-config';

export type AppLogger = Logger;

export interface LoggerOptions {
  /** Stamped on every line as `app`, so one log collector can hold all four services. */
  readonly app: string;
  readonly level: LogLevel;
  /** stdout unless a test wants the lines. */
  readonly destination?: DestinationStream;
}

/**
 * One JSON object per line on stdout. Writes are synchronous so the last lines before a crash or
 * `process.exit` are not lost, and levels are words (`"level":"info"`) because log collectors
 * and humans filter on those, not on pino's numbers.
 */
export function createLogger(options: LoggerOptions): AppLogger {
  return pino(
    {
      level: options.level,
      base: { app: options.app, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
