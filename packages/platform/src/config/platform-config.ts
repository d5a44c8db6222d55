import { env } from './env';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** What `bootstrapApp` itself needs from an app's config: where to listen and how much to log. */
export interface PlatformConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
}

/**
 * The schema fields behind `PlatformConfig`, spread into every app's schema. Each app names its
 * own port variable so all four can run side by side on one machine.
 */
export function platformEnv(portVariable: string, defaultPort: number) {
  return {
    host: env.string('HOST', '0.0.0.0'),
    port: env.port(portVariable, defaultPort),
    logLevel: env.oneOf('LOG_LEVEL', logLevels, 'info'),
  };
}
