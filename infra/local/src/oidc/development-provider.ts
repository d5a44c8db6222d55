import type { AsymmetricSigningAlgorithm, KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { CONSOLE_CLIENT_ID, DEVELOPMENT_CLIENT, DEVELOPMENT_TOKEN_GRANT, LEDGER_AUDIENCE } from '@ledger/platform/development-token';
import { CONSOLE_CLIENT, isLoopbackOrigin } from './console-client';
import { rolesOfUser } from './development-users';
import { LEDGER_RESOURCE } from './ledger-resource';
import { mountSignInInteraction } from './sign-in-interaction';
import type { SigningKeys } from './signing-keys';

export interface DevelopmentProviderOptions {
  readonly port: number;
  readonly keys: SigningKeys;
}

export interface RunningProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

const ACCESS_TOKEN_TTL_SECONDS = 3_600;
const MAX_TOKEN_TTL_SECONDS = 86_400;

function firstParam(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value: unknown = ctx.oidc.params?.[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function rolesParam(ctx: KoaContextWithOIDC): string[] {
  const value: unknown = ctx.oidc.params?.['role'];
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.filter((role): role is string => typeof role === 'string' && role !== '');
}

/** A whole number of seconds from a form parameter, or the fallback; out of range is the client's error. */
function secondsParam(ctx: KoaContextWithOIDC, name: string, fallback: number, range: { min: number; max: number }, invalid: (message: string) => Error): number {
  const raw = firstParam(ctx, name);
  if (raw === undefined) return fallback;
  const seconds = /^-?\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= range.min && seconds <= range.max)) throw invalid(`${name} must be whole seconds between ${range.min} and ${range.max}`);
  return seconds;
}

/**
 * The local OpenID provider: `oidc-provider` (a certified implementation) with the development
 * token grant, which issues a signed JWT access token for any subject and roles to the
 * development client. That is what `npm run ledger -- token` and the tests use; the apps verify
 * these tokens exactly as they verify Keycloak's or Auth0's, through the JWKS. The grant also
 * takes `audience`, `expires_in` and `not_before` (seconds from now) so tests can ask the real
 * provider for the tokens an app must refuse.
 *
 * The operator console signs in through the authorization-code flow with PKCE (console-client,
 * sign-in-interaction): the same JWT access tokens, with the roles of the development user.
 */
export async function startDevelopmentProvider(options: DevelopmentProviderOptions): Promise<RunningProvider> {
  const { default: Provider, errors } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${options.port}`;
  const invalid = (message: string): Error => new errors.InvalidRequest(message);
  const signingAlgorithm = (options.keys.keys[0]?.alg ?? 'RS256') as AsymmetricSigningAlgorithm;
  const resourceServer = (audience: string): ResourceServer => ({
    scope: 'ledger',
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    jwt: { sign: { alg: signingAlgorithm } },
  });

  const provider = new Provider(issuer, {
    jwks: { keys: options.keys.keys.map((key) => ({ ...key })) },
    clients: [{ ...DEVELOPMENT_CLIENT, grant_types: [DEVELOPMENT_TOKEN_GRANT], redirect_uris: [], response_types: [] }, CONSOLE_CLIENT],
    // Signs the interaction and session cookies; they last one sign-in, so a key per run will do.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Every client without a secret, which is what the console is: the code is useless without its verifier.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    // The console calls the token endpoint from its page, on whatever loopback port it is served.
    clientBasedCORS: (_ctx, origin, client) => client.clientId === CONSOLE_CLIENT_ID && isLoopbackOrigin(origin),
    // No user store: the username is the subject (development-users).
    findAccount: (_ctx, subject) => ({ accountId: subject, claims: () => ({ sub: subject }) }),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => LEDGER_RESOURCE,
        useGrantedResource: () => true,
        // Ledger's API is the one resource a client may ask for; its tokens are for LEDGER_AUDIENCE.
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== LEDGER_RESOURCE) throw new errors.InvalidTarget(`the only resource is ${LEDGER_RESOURCE}`);
          return resourceServer(LEDGER_AUDIENCE);
        },
      },
    },
    ttl: { AccessToken: ACCESS_TOKEN_TTL_SECONDS },
    extraTokenClaims: (ctx, token) => {
      if (ctx.oidc.params?.['grant_type'] === DEVELOPMENT_TOKEN_GRANT) return { roles: rolesParam(ctx) };
      return 'accountId' in token && typeof token.accountId === 'string' ? { roles: rolesOfUser(token.accountId) } : undefined;
    },
    formats: {
      customizers: {
        // The development grant's lifetime and not-before, already checked by its handler.
        jwt: (ctx, _token, jwt) => {
          if (ctx.oidc.params?.['grant_type'] !== DEVELOPMENT_TOKEN_GRANT) return;
          const now = Math.floor(Date.now() / 1000);
          const ttl = Number(firstParam(ctx, 'expires_in') ?? ACCESS_TOKEN_TTL_SECONDS);
          const notBefore = firstParam(ctx, 'not_before');
          // A negative lifetime makes a token that expired that long ago: what the apps must refuse.
          jwt.payload['iat'] = now + Math.min(0, 2 * ttl);
          jwt.payload['exp'] = now + ttl;
          if (notBefore !== undefined) jwt.payload['nbf'] = now + Number(notBefore);
        },
      },
    },
  });
  // The provider is quiet about its own trust: log only errors a developer must see.
  provider.on('server_error', (_ctx, error) => console.error(`oidc-provider: ${error.message}`));

  provider.registerGrantType(
    DEVELOPMENT_TOKEN_GRANT,
    async (ctx) => {
      const subject = firstParam(ctx, 'subject');
      if (subject === undefined) throw invalid('subject is required');
      const audience = firstParam(ctx, 'audience') ?? LEDGER_AUDIENCE;
      const ttl = secondsParam(ctx, 'expires_in', ACCESS_TOKEN_TTL_SECONDS, { min: -MAX_TOKEN_TTL_SECONDS, max: MAX_TOKEN_TTL_SECONDS }, invalid);
      secondsParam(ctx, 'not_before', 0, { min: 0, max: MAX_TOKEN_TTL_SECONDS }, invalid);
      const client = ctx.oidc.client;
      if (client === undefined) throw invalid('client authentication is required');
      const grant = new provider.Grant({ accountId: subject, clientId: client.clientId });
      grant.addResourceScope(audience, 'ledger');
      const grantId = await grant.save();
      const token = new provider.AccessToken({ accountId: subject, client, grantId, gty: DEVELOPMENT_TOKEN_GRANT, scope: 'ledger' });
      token.resourceServer = new provider.ResourceServer(audience, resourceServer(audience));
      ctx.body = { access_token: await token.save(), token_type: 'Bearer', expires_in: ttl };
    },
    ['subject', 'role', 'audience', 'expires_in', 'not_before'],
    ['role'],
  );

  mountSignInInteraction(provider);

  const server: Server = provider.listen(options.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
