import { ecsFormat } from '@elastic/ecs-pino-format';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/platform-config';
import { activeSpanFields } from './active-span-fields';
import { toEcsFields } from './ecs-fields';

export type AppLogger = Logger;

export interface LoggerOptions {
  /** Stamped on every line as ECS `service.name` (and `event.dataset`), so one log collector can hold every app. */
  readonly app: string;
  readonly level: LogLevel;
  /** stdout unless a test wants the lines. */
  readonly destination?: DestinationStream;
}

/**
 * One Elastic Common Schema JSON object per line on stdout (docs/operations.md#logs):
 * `@timestamp` (ISO 8601), `log.level` as a word, `message`, `ecs.version`, `service.name`,
 * `process.pid`, then the line's own fields, with `trace.id` and `span.id` when an OpenTelemetry
 * span is active. Writes are synchronous so the last lines before a crash or `process.exit` are
 * not lost. Elastic's APM agent is not used, so ecs-pino-format is told not to look for it.
 */
export function createLogger(options: LoggerOptions): AppLogger {
  const ecs = ecsFormat({ serviceName: options.app, convertErr: false, convertReqRes: false, apmIntegration: false });
  const ecsLog = ecs.formatters?.log ?? ((fields: Record<string, unknown>) => fields);
  return pino(
    {
      ...ecs,
      level: options.level,
      // No `hostname`: a container's is meaningless, and the shipper adds `host.*` and `container.*`.
      base: { pid: process.pid },
      mixin: activeSpanFields,
      formatters: { ...ecs.formatters, log: (fields) => ecsLog(toEcsFields(fields)) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
