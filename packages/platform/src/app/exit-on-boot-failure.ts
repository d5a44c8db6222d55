import pino from 'pino';
import { ConfigError } from '../config/config-error';
import { createLogger } from '../logging/create-logger';

/**
 * The last word of a process that could not start. A config error gets one plain line naming
 * every bad variable (no stack: the fix is in the environment, not the code) and exit code 1;
 * anything else is logged as one fatal JSON line with its stack, then the process exits 1 even
 * if a half-built app still holds sockets open.
 */
export function exitOnBootFailure(app: string, error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${app}: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const stderr = createLogger({ app, level: 'fatal', destination: pino.destination({ dest: 2, sync: true }) });
  stderr.fatal({ err: error }, 'failed to start');
  process.exit(1);
}
