import { InvalidValue } from './config-error';

/** The environment a config is read from (`process.env`, or a test's own). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Reports a setting that still works but should change (a deprecated name or value); see `configWarningsOf`. */
export type ConfigWarn = (message: string) => void;

/** How one environment variable becomes one typed config value. */
export interface EnvVariable<T> {
  readonly name: string;
  /**
   * Returns the typed value, or throws `InvalidValue` with the reason it was rejected. `source`
   * is the whole environment, for the few variables whose rules depend on another one; `warn`
   * takes a one-line warning about a setting that is accepted but deprecated.
   */
  parse(raw: string | undefined, source: EnvSource, warn?: ConfigWarn): T;
}

const ignoreWarnings: ConfigWarn = () => undefined;
const isSet = (raw: string | undefined): raw is string => raw !== undefined && raw.trim() !== '';

/**
 * Blank counts as unset: `FOO=` in a .env file or a compose file means "not configured", and a
 * value with stray whitespace around it is a typo, not a different value.
 */
function variable<T>(name: string, fallback: T | undefined, parse: (value: string) => T): EnvVariable<T> {
  return {
    name,
    parse(raw) {
      const value = raw?.trim() ?? '';
      if (value !== '') return parse(value);
      if (fallback === undefined) throw new InvalidValue('is required but not set');
      return fallback;
    },
  };
}

function string(name: string, fallback?: string): EnvVariable<string> {
  return variable(name, fallback, (value) => value);
}

function integer(name: string, fallback: number | undefined, range: { min: number; max: number }): EnvVariable<number> {
  return variable(name, fallback, (value) => {
    const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
      throw new InvalidValue(`"${value}" is not an integer between ${range.min} and ${range.max}`);
    }
    return parsed;
  });
}

function port(name: string, fallback?: number): EnvVariable<number> {
  return variable(name, fallback, (value) => {
    const parsed = /^\d{1,5}$/.test(value) ? Number(value) : 0;
    if (parsed < 1 || parsed > 65_535) throw new InvalidValue(`"${value}" is not a port (1-65535)`);
    return parsed;
  });
}

/** Echoes a URL without its password: config errors end up in terminals and log collectors. */
function withoutPassword(url: URL): string {
  if (url.password === '') return url.href;
  const redacted = new URL(url.href);
  redacted.password = '***';
  return redacted.href;
}

/** A URL, optionally restricted to some protocols (`['postgres:', 'postgresql:']`). */
function url(name: string, fallback?: string, protocols?: readonly string[]): EnvVariable<string> {
  return variable(name, fallback, (value) => {
    if (!URL.canParse(value)) throw new InvalidValue('is not a valid URL');
    const parsed = new URL(value);
    if (protocols !== undefined && !protocols.includes(parsed.protocol)) {
      throw new InvalidValue(`"${withoutPassword(parsed)}" must use ${protocols.join(' or ')}`);
    }
    return value;
  });
}

/** A comma-separated list; empty entries (`a,,b`) are a typo and rejected. */
function list(name: string, fallback?: readonly string[]): EnvVariable<readonly string[]> {
  return variable(name, fallback, (value) => {
    const items = value.split(',').map((item) => item.trim());
    if (items.some((item) => item === '')) throw new InvalidValue(`"${value}" has an empty entry`);
    return items;
  });
}

function oneOf<const Values extends readonly string[]>(
  name: string,
  values: Values,
  fallback?: Values[number],
): EnvVariable<Values[number]> {
  return variable(name, fallback, (value) => {
    const match = values.find((allowed) => allowed === value);
    if (match === undefined) throw new InvalidValue(`"${value}" is not one of ${values.join(', ')}`);
    return match;
  });
}

/**
 * A value parsed by a function owned elsewhere (e.g. `parseBrokerList` from the messaging
 * package), so the format is checked by the code that understands it. The parser's error
 * message becomes the reported problem.
 */
function custom<T>(name: string, fallback: T | undefined, parse: (value: string) => T): EnvVariable<T> {
  return variable(name, fallback, (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidValue(error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * A PostgreSQL schema or table name used unquoted-safe in SQL: lower case letters, digits and
 * underscores, at most 63 characters (PostgreSQL's limit), so it can never smuggle SQL in.
 */
function sqlName(name: string, fallback?: string): EnvVariable<string> {
  return variable(name, fallback, (value) => {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
      throw new InvalidValue(`"${value}" is not a lower-case SQL name (a-z, 0-9, _; at most 63 characters)`);
    }
    return value;
  });
}

/** Makes a variable without a default optional: unset yields `undefined` instead of an error. */
function optional<T>(inner: EnvVariable<T>): EnvVariable<T | undefined> {
  return {
    name: inner.name,
    parse: (raw, source, warn) => (isSet(raw) ? inner.parse(raw, source, warn) : undefined),
  };
}

/**
 * Optional unless another variable has a given value: `KURRENTDB_URL` is needed only while
 * `EVENT_STORE` is `kurrentdb`. The other variable is read through its own definition, so
 * its default counts; if it is itself invalid, only its own error is reported. A value set
 * while it is not needed is still validated: a typo should not wait for the day it matters.
 */
function requiredWhen<T, Other>(other: EnvVariable<Other>, value: Other, inner: EnvVariable<T>): EnvVariable<T | undefined> {
  const required = (source: EnvSource): boolean => {
    try {
      return other.parse(source[other.name], source) === value;
    } catch {
      return false;
    }
  };
  return {
    name: inner.name,
    parse(raw, source, warn) {
      if (isSet(raw)) return inner.parse(raw, source, warn);
      if (required(source)) throw new InvalidValue(`is required when ${other.name} is ${String(value)}`);
      return undefined;
    },
  };
}

/** Optional unless `otherName` is set: KAFKA_SASL_USERNAME is needed once KAFKA_SASL_MECHANISM names one. */
function requiredWith<T>(otherName: string, inner: EnvVariable<T>): EnvVariable<T | undefined> {
  return {
    name: inner.name,
    parse(raw, source, warn) {
      if (isSet(raw)) return inner.parse(raw, source, warn);
      if (isSet(source[otherName])) throw new InvalidValue(`is required when ${otherName} is set`);
      return undefined;
    },
  };
}

/**
 * A variable that had another name: while only the former name is set, its value is read, with a
 * warning (and reported under that name if invalid); when both are set, the new name wins and the
 * former one is reported as ignored.
 */
function renamed<T>(inner: EnvVariable<T>, formerName: string): EnvVariable<T> {
  return {
    name: inner.name,
    parse(raw, source, warn = ignoreWarnings) {
      const former = source[formerName];
      if (!isSet(former)) return inner.parse(raw, source, warn);
      if (isSet(raw)) {
        warn(`${formerName} is ignored: ${inner.name}, its new name, is set too`);
        return inner.parse(raw, source, warn);
      }
      warn(`${formerName} is deprecated: rename it ${inner.name}`);
      try {
        return inner.parse(former, source, warn);
      } catch (error) {
        throw error instanceof InvalidValue ? new InvalidValue(error.message, formerName) : error;
      }
    },
  };
}

/** Values that were renamed (`{ eventstoredb: 'kurrentdb' }`): a former value still means the new one, with a warning. */
function renamedValues<T>(inner: EnvVariable<T>, renames: Readonly<Record<string, NoInfer<T>>>): EnvVariable<T> {
  return {
    name: inner.name,
    parse(raw, source, warn = ignoreWarnings) {
      const value = raw?.trim() ?? '';
      if (!Object.hasOwn(renames, value)) return inner.parse(raw, source, warn);
      const current = renames[value] as T;
      warn(`${inner.name}=${value} is deprecated: use ${inner.name}=${String(current)}`);
      return current;
    },
  };
}

/** True when the environment says production (`NODE_ENV=production`): no setting may then fall back to a development default. */
export function isProduction(source: EnvSource): boolean {
  return source['NODE_ENV']?.trim() === 'production';
}

/**
 * A default for development only: in production (`NODE_ENV=production`) the variable is
 * required, so a deployment never runs on the local stack's credentials or addresses, or falls
 * back to `productionFallback` when one is safe there (e.g. closing an endpoint).
 */
function developmentDefault<T>(inner: EnvVariable<T>, developmentFallback: T, productionFallback?: T): EnvVariable<T> {
  return {
    name: inner.name,
    parse(raw, source, warn) {
      if (isSet(raw)) return inner.parse(raw, source, warn);
      if (!isProduction(source)) return developmentFallback;
      if (productionFallback !== undefined) return productionFallback;
      throw new InvalidValue('is required when NODE_ENV is production');
    },
  };
}

/** Builders for a config schema: `{ port: env.port('COMMAND_API_PORT', 3000), ... }`. */
export const env = { string, integer, port, url, list, oneOf, custom, sqlName, optional, requiredWhen, requiredWith, renamed, renamedValues, developmentDefault };
