import { ConfigError, InvalidValue, type ConfigIssue } from './config-error';
import type { EnvSource, EnvVariable } from './env';

/** A config schema: one named `EnvVariable` per config field. */
export type ConfigSchema = Readonly<Record<string, EnvVariable<unknown>>>;

/** The typed config a schema produces: `{ port: number, databaseUrl: string, ... }`. */
export type ConfigOf<Schema extends ConfigSchema> = {
  readonly [Field in keyof Schema]: Schema[Field] extends EnvVariable<infer Value> ? Value : never;
};

const warningsByConfig = new WeakMap<object, readonly string[]>();

/**
 * Reads and validates every variable of the schema, then either returns the whole typed config
 * or throws one `ConfigError` naming every bad variable. This file is the only place in the
 * workspace that may read `process.env` (lint-enforced); tests pass their own source.
 */
export function loadConfig<Schema extends ConfigSchema>(
  schema: Schema,
  source: EnvSource = process.env,
): ConfigOf<Schema> {
  const config: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const warnings = new Set<string>();
  for (const [field, variable] of Object.entries(schema)) {
    try {
      config[field] = variable.parse(source[variable.name], source, (message) => warnings.add(message));
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      issues.push({ variable: error.variable ?? variable.name, problem: error.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  warningsByConfig.set(config, [...warnings]);
  return config as ConfigOf<Schema>;
}

/**
 * The warnings `loadConfig` gathered for this config (deprecated names and values that still
 * work), one line each; an app logs them once at boot (`createApp`). Kept beside the config, not
 * in it, so the typed config holds settings only.
 */
export function configWarningsOf(config: object): readonly string[] {
  return warningsByConfig.get(config) ?? [];
}
