/**
 * The local OpenID provider's development grant (infra/local): any subject, any roles, for the
 * development client only. `npm run ledger -- token` and the tests ask it for tokens; the apps
 * never know it exists and verify what it issues like any provider's tokens.
 */
export const DEVELOPMENT_TOKEN_GRANT = 'urn:ledger:params:oauth:grant-type:development-token';

/** The development grant's client. Its secret protects nothing: the provider runs only on a developer's machine. */
export const DEVELOPMENT_CLIENT = { client_id: 'ledger-development', client_secret: 'ledger-development-secret' } as const;

/**
 * The operator console's public client at the local provider (authorization code with PKCE, no
 * secret). A real provider registers a public client of its own; CONSOLE_CLIENT_ID names it.
 */
export const CONSOLE_CLIENT_ID = 'ledger-console';

/** The `aud` the apps accept by default (AUTH_AUDIENCE), and that the provider issues by default. */
export const LEDGER_AUDIENCE = 'ledger';

/** The local provider's address (API.md's port 3004); also AUTH_ISSUER's development default. */
export const DEVELOPMENT_ISSUER = 'http://127.0.0.1:3004';

export interface DevelopmentTokenRequest {
  readonly subject: string;
  readonly roles: readonly string[];
  /** Another `aud` than Ledger's, for a test of the audience check. */
  readonly audience?: string;
  /** Lifetime in seconds; negative for a token that has already expired. Default one hour. */
  readonly expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid (`nbf`). */
  readonly notBeforeSeconds?: number;
}

/** Asks the local provider at `issuer` for an access token; its refusal is thrown with the provider's words. */
export async function requestDevelopmentToken(issuer: string, request: DevelopmentTokenRequest): Promise<string> {
  const form = new URLSearchParams({ grant_type: DEVELOPMENT_TOKEN_GRANT, subject: request.subject });
  for (const role of request.roles) form.append('role', role);
  if (request.audience !== undefined) form.set('audience', request.audience);
  if (request.expiresInSeconds !== undefined) form.set('expires_in', String(request.expiresInSeconds));
  if (request.notBeforeSeconds !== undefined) form.set('not_before', String(request.notBeforeSeconds));
  const credentials = Buffer.from(`${DEVELOPMENT_CLIENT.client_id}:${DEVELOPMENT_CLIENT.client_secret}`).toString('base64');
  const response = await fetch(new URL('token', issuer.endsWith('/') ? issuer : `${issuer}/`), {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = [body.error_description, body.error].find((value) => typeof value === 'string') ?? `HTTP ${response.status}`;
    throw new Error(`the OpenID provider at ${issuer} refused a token: ${reason}`);
  }
  return body.access_token;
}
