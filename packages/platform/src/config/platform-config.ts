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

/** The MongoDB settings of an app that reads or writes MongoDB (see `mongodbConnection`). */
export function mongodbEnv() {
  return {
    mongodbUrl: env.url('MONGODB_URL', 'mongodb://127.0.0.1:27018/ledger', ['mongodb:', 'mongodb+srv:']),
    /** The longest one MongoDB operation may wait for the server before it fails. */
    mongodbTimeoutMs: env.integer('MONGODB_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
  };
}
