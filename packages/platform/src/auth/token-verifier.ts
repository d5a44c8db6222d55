import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from './auth-config';
import { isRole, type Principal } from './principal';

/** The token is not acceptable: 401. `reason` is safe to show the client (RFC 6750 `error_description`). */
export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** The issuer's keys could not be fetched, so no token can be judged: 503, not 401. */
export class KeysUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the token issuer's keys cannot be fetched: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'KeysUnavailable';
  }
}

/** Asymmetric algorithms only: `none` and HS256 (e.g. signed with the public key as a secret) never pass. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;

/**
 * Once the issuer's keys are cached, an unknown `kid` refetches them (a rotated key is picked up)
 * at most this often, so a flood of tokens with made-up kids cannot flood the issuer.
 */
const JWKS_COOLDOWN_MS = 5_000;
/** Keys are refetched at least this often even when every kid is known (a revoked key drops out). */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;

/**
 * Tokens already verified, kept until they expire: a client sends the same token for its whole
 * life (an hour, typically), and a signature check through WebCrypto cost the query API about a
 * third of its throughput (bench Q1). Bounded; the oldest entry makes room. A key the issuer
 * withdraws therefore stops new tokens at once, and the ones already seen at their expiry, as a
 * JWT's own semantics have it (revocation needs short-lived tokens).
 */
const VERIFIED_TOKENS_MAX = 10_000;

interface VerifiedToken {
  readonly principal: Principal;
  /** Epoch seconds: `exp`, and `nbf` (or 0). */
  readonly expiresAt: number;
  readonly notBefore: number;
}

/**
 * The claim named `path`: a top-level claim of that exact name first (Auth0's namespaced
 * `https://ledger.example.com/roles` has dots), else the dotted path (`realm_access.roles` →
 * payload.realm_access.roles).
 */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Roles as an array of strings or one space-separated string (both exist in the wild); unknown roles are dropped. */
function rolesIn(value: unknown): Principal['roles'] {
  const listed = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return [...new Set(listed.filter(isRole))];
}

const reasons: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the token signature is invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'the token was not signed by a key of the issuer',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token is not signed with an accepted algorithm',
  ERR_JWS_INVALID: 'the token is malformed',
  ERR_JWT_INVALID: 'the token is malformed',
};

/**
 * What jose reports about the token itself. Anything else it throws (the key set answered 5xx, a
 * redirect or no JSON: a plain JOSEError) is the issuer's trouble, answered 503, never 401: a 401
 * makes every client throw its token away.
 */
const tokenFaults = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWSSignatureVerificationFailed,
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JOSEAlgNotAllowed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
] as const;

function isTokenFault(error: unknown): error is errors.JOSEError {
  return tokenFaults.some((fault) => error instanceof fault);
}

function invalidTokenOf(error: errors.JOSEError): InvalidToken {
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'nbf') return new InvalidToken('the token is not valid yet');
    return new InvalidToken(`the token's ${claim} claim is not acceptable`);
  }
  return new InvalidToken(reasons[error.code] ?? 'the token is invalid');
}

/**
 * Verifies OAuth 2.0 / OpenID Connect access tokens (JWTs) against the issuer's JWKS: signature
 * (RS256 or ES256 only), issuer, audience, expiry and not-before with the configured clock
 * tolerance, and a subject. The JWKS URL is configured or read once from the issuer's discovery
 * document; the keys are cached by `jose` and refetched on an unknown `kid`.
 */
export class TokenVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  private readonly verified = new Map<string, VerifiedToken>();

  /** `keys` replaces the remote key set, for unit tests of apps that need no provider. */
  constructor(
    private readonly settings: AuthSettings,
    keys?: JWTVerifyGetKey,
  ) {
    if (keys !== undefined) this.keys = Promise.resolve(keys);
  }

  /**
   * The principal of a valid token. A token verified before is answered from memory while its
   * `exp` (and `nbf`) still hold, with the same clock tolerance; everything else is verified.
   */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      const now = Date.now() / 1000;
      const tolerance = this.settings.authClockToleranceSeconds;
      if (now < known.expiresAt + tolerance && now >= known.notBefore - tolerance) return known.principal;
      this.verified.delete(token);
    }
    const verified = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value ?? '');
    this.verified.set(token, verified);
    return verified.principal;
  }

  private async verifySignatureAndClaims(token: string): Promise<VerifiedToken> {
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.authIssuer,
        audience: this.settings.authAudience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        clockTolerance: this.settings.authClockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (isTokenFault(error)) throw invalidTokenOf(error);
      // A failed fetch of the key set (refused, timed out, 5xx, not JSON) is not the token's fault.
      throw new KeysUnavailable(error);
    }
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject === '') throw new InvalidToken('the token has no subject');
    return {
      principal: { subject, roles: rolesIn(claimAt(payload, this.settings.authRolesClaim)) },
      // requiredClaims makes `exp` present.
      expiresAt: payload.exp ?? 0,
      notBefore: payload.nbf ?? 0,
    };
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.jwksUrl().then(
      (url) => createRemoteJWKSet(new URL(url), { cooldownDuration: JWKS_COOLDOWN_MS, cacheMaxAge: JWKS_MAX_AGE_MS, timeoutDuration: JWKS_TIMEOUT_MS }),
      (error: unknown) => {
        // The failure stands for a cooldown, so a flood of requests does not become a flood of
        // discovery fetches; after it, the next request asks the issuer again.
        setTimeout(() => (this.keys = undefined), JWKS_COOLDOWN_MS).unref();
        throw new KeysUnavailable(error);
      },
    );
    return this.keys;
  }

  private async jwksUrl(): Promise<string> {
    if (this.settings.authJwksUrl !== undefined) return this.settings.authJwksUrl;
    const issuer = this.settings.authIssuer.replace(/\/$/, '');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${issuer}/.well-known/openid-configuration answered ${response.status}`);
    const discovery = (await response.json()) as { jwks_uri?: unknown };
    if (typeof discovery.jwks_uri !== 'string') throw new Error(`${issuer}'s discovery document has no jwks_uri`);
    return discovery.jwks_uri;
  }
}
