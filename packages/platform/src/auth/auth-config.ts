import { InvalidValue } from '../config/config-error';
import { env, isProduction, type EnvVariable } from '../config/env';
import { DEVELOPMENT_ISSUER, LEDGER_AUDIENCE } from './development-token';

/** How an app verifies bearer tokens and who may read its operations endpoints. */
export interface AuthSettings {
  /** The `iss` every token must carry (AUTH_ISSUER). */
  readonly authIssuer: string;
  /** The `aud` every token must include (AUTH_AUDIENCE). */
  readonly authAudience: string;
  /** Where the issuer publishes its keys; unset, it is read from the issuer's discovery document. */
  readonly authJwksUrl: string | undefined;
  /** The claim that holds the roles, dotted for a nested one (`realm_access.roles` in Keycloak). */
  readonly authRolesClaim: string;
  /** How far `exp` and `nbf` may be off, for clocks that disagree a little. */
  readonly authClockToleranceSeconds: number;
  /** `open`: /metrics and /docs need no token; `operator`: an operator's token. */
  readonly operationsAccess: 'open' | 'operator';
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly corsOrigins: readonly string[];
}

const claimPath = /^[A-Za-z0-9_:/.-]{1,200}$/;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Keys fetched over plain HTTP could be swapped on the way: production takes `https:` only, but
 * for a provider on the same host (loopback), which no network sits between.
 */
function httpsInProduction(inner: EnvVariable<string>): EnvVariable<string> {
  return {
    name: inner.name,
    parse(raw, source, warn) {
      const value = inner.parse(raw, source, warn);
      const url = new URL(value);
      if (isProduction(source) && url.protocol !== 'https:' && !loopbackHosts.has(url.hostname)) {
        throw new InvalidValue('must use https: when NODE_ENV is production (http: only on the loopback address)');
      }
      return value;
    },
  };
}

/** `https://app.example.com,http://localhost:5173`: exact origins (scheme, host, port), no paths or wildcards. */
function parseOrigins(value: string): readonly string[] {
  return value.split(',').map((entry) => {
    const origin = entry.trim();
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) throw new Error(`"${origin}" is not an origin such as https://app.example.com`);
    return origin;
  });
}

/**
 * The schema fields behind `AuthSettings`, spread into every app's schema. In development the
 * issuer is the local provider and /metrics and /docs are open; in production the issuer is
 * required and they are closed unless OPERATIONS_ACCESS says otherwise.
 */
export function authEnv() {
  return {
    authIssuer: env.developmentDefault(httpsInProduction(env.url('AUTH_ISSUER', undefined, ['https:', 'http:'])), DEVELOPMENT_ISSUER),
    authAudience: env.string('AUTH_AUDIENCE', LEDGER_AUDIENCE),
    authJwksUrl: env.optional(httpsInProduction(env.url('AUTH_JWKS_URL', undefined, ['https:', 'http:']))),
    authRolesClaim: env.custom('AUTH_ROLES_CLAIM', 'roles', (value) => {
      if (!claimPath.test(value)) throw new Error(`"${value}" is not a claim name (letters, digits, _ : / - and dots for nesting)`);
      return value;
    }),
    authClockToleranceSeconds: env.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 30, { min: 0, max: 300 }),
    operationsAccess: env.developmentDefault(env.oneOf('OPERATIONS_ACCESS', ['open', 'operator'] as const), 'open', 'operator'),
    corsOrigins: env.custom('CORS_ORIGINS', [] as readonly string[], parseOrigins),
  };
}
