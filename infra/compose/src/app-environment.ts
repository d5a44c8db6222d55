import { ConfigError, loadConfig, type ConfigSchema, type EnvSource } from '@ledger/platform';

/** What `env.developmentDefault` answers for a variable production requires. */
const REQUIRED_IN_PRODUCTION = 'is required when NODE_ENV is production';

/** A value that is a problem to show, or a value to compare. */
type Outcome = { readonly value: string } | { readonly problem: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { value: JSON.stringify(parse()) ?? 'undefined' };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The variable names an app's config schema declares (its own names, not former ones). */
export function variablesOf(schema: ConfigSchema): ReadonlySet<string> {
  return new Set(Object.values(schema).map((variable) => variable.name));
}

export interface AppEnvironment {
  /** `command-api-1`: named in every problem. */
  readonly service: string;
  readonly schema: ConfigSchema;
  /** The service's environment after Compose's interpolation; `null` = passed through from the shell. */
  readonly environment: Readonly<Record<string, string | null>>;
  /** Read by the app outside its schema (NODE_ENV, OpenTelemetry's OTEL_* variables). */
  readonly alsoRead: ReadonlySet<string>;
}

/**
 * Why an app would not run as the compose file means it to, one line each:
 * - a variable the app does not read (a typo, or a variable of another app);
 * - a value from the shell that runs compose (`FOO:` or `- FOO`), which nothing here can check;
 * - what the app itself refuses at boot (`loadConfig`: invalid values, required ones missing);
 * - a variable left unset whose value depends on NODE_ENV: production requires it, or picks
 *   another default, so the compose file would run one way here and another once NODE_ENV changes.
 */
export function appEnvironmentProblems({ service, schema, environment, alsoRead }: AppEnvironment): string[] {
  const declared = variablesOf(schema);
  const problems: string[] = [];
  const source: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (!declared.has(name) && !alsoRead.has(name)) problems.push(`${service}: ${name} is set, but the app does not read it`);
    if (value === null) problems.push(`${service}: ${name} takes its value from the shell that runs compose`);
    else source[name] = value;
  }
  try {
    loadConfig(schema, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.issues.map((issue) => `${service}: ${issue.variable}: ${issue.problem}`));
  }
  for (const variable of Object.values(schema)) {
    if (source[variable.name] !== undefined) continue;
    const development = outcome(() => variable.parse(undefined, { ...source, NODE_ENV: 'development' } satisfies EnvSource));
    const production = outcome(() => variable.parse(undefined, { ...source, NODE_ENV: 'production' } satisfies EnvSource));
    if ('problem' in production && production.problem === REQUIRED_IN_PRODUCTION) {
      problems.push(`${service}: ${variable.name} is not set: the app would run on its development default, which production refuses`);
    } else if ('value' in development && 'value' in production && development.value !== production.value) {
      problems.push(`${service}: ${variable.name} is not set, so it depends on NODE_ENV (${development.value} in development, ${production.value} in production)`);
    }
  }
  return problems;
}

