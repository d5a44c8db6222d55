import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { CONSOLE_CLIENT_ID, LEDGER_AUDIENCE, requestDevelopmentToken } from '@ledger/platform/development-token';
import { TokenVerifier } from '@ledger/platform/token-verifier';
import { OidcBrowser } from './oidc-browser';
import { startPrivateProvider, type PrivateProvider } from './private-oidc-provider';

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

/** What the console holds while the user is at the provider. */
interface PendingSignIn {
  readonly browser: OidcBrowser;
  readonly redirectUri: string;
  readonly verifier: string;
  readonly state: string;
}

const consoleOrigin = 'http://127.0.0.1:4321';
const consoleUrl = `${consoleOrigin}/console/`;

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * The operator console's sign-in at the local provider, driven as its page does it but with
 * plain fetch: authorization request with PKCE, the provider's sign-in page, the code back at a
 * loopback redirect URI, and the token request from the page's origin. The tokens are the ones
 * the apps accept: verified here by the apps' own TokenVerifier.
 */
describe('the local OpenID provider: the console signs in with the authorization code and PKCE', () => {
  let provider: PrivateProvider;
  let discovery: Discovery;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    provider = await startPrivateProvider();
    discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
    verifier = new TokenVerifier({
      authIssuer: provider.issuer,
      authAudience: LEDGER_AUDIENCE,
      authJwksUrl: undefined,
      authRolesClaim: 'roles',
      authClockToleranceSeconds: 0,
      operationsAccess: 'open',
      corsOrigins: [],
    });
  });

  afterAll(() => provider.stop());

  const authorize = async (
    redirectUri: string,
    extra: Record<string, string> = {},
    browser = new OidcBrowser(provider.issuer),
  ): Promise<PendingSignIn & { response: Response }> => {
    const codeVerifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: CONSOLE_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid',
      state,
      code_challenge: base64url(createHash('sha256').update(codeVerifier).digest()),
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
    return { browser, redirectUri, verifier: codeVerifier, state, response: await browser.request(url) };
  };

  /** The sign-in page the authorization request leads to. */
  const signInPage = async (pending: PendingSignIn & { response: Response }): Promise<{ html: string; action: URL }> => {
    const { response } = await pending.browser.follow(pending.response);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) throw new Error(`no sign-in form in:\n${html}`);
    return { html, action: new URL(action, provider.issuer) };
  };

  const submit = async (pending: PendingSignIn, action: URL, username: string, password: string): Promise<{ response: Response; leftTo?: URL }> =>
    pending.browser.follow(
      await pending.browser.request(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }),
      }),
    );

  /** Signs `username` in and returns the code the provider sends back to the console. */
  const codeFor = async (username: string, redirectUri = consoleUrl, browser?: OidcBrowser): Promise<PendingSignIn & { code: string }> => {
    const pending = await authorize(redirectUri, {}, browser);
    const { action } = await signInPage(pending);
    const { response, leftTo } = await submit(pending, action, username, 'any password');
    if (leftTo === undefined) {
      throw new Error(`the provider did not send the browser back to the console but answered ${response.status}:\n${(await response.text()).slice(0, 600)}`);
    }
    expect(`${leftTo.origin}${leftTo.pathname}`).toBe(redirectUri);
    expect(leftTo.searchParams.get('state')).toBe(pending.state);
    const code = leftTo.searchParams.get('code');
    if (code === null) throw new Error(`no code in ${leftTo.href}`);
    return { ...pending, code };
  };

  const redeem = (pending: PendingSignIn & { code: string }, codeVerifier = pending.verifier, origin = consoleOrigin): Promise<Response> =>
    fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CONSOLE_CLIENT_ID,
        code: pending.code,
        redirect_uri: pending.redirectUri,
        code_verifier: codeVerifier,
      }),
    });

  const accessTokenOf = async (response: Response): Promise<string> => {
    const body = (await response.json()) as { access_token?: unknown };
    expect(response.status).toBe(200);
    if (typeof body.access_token !== 'string') throw new Error(`no access token in ${JSON.stringify(body)}`);
    return body.access_token;
  };

  it('shows an accessible sign-in page: labelled Username and Password, a Sign in button, the development users', async () => {
    const { html } = await signInPage(await authorize(consoleUrl));

    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="username">Username<\/label>\s*<input id="username" name="username" type="text"/);
    expect(html).toMatch(/<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain('<code>operator</code>: operator');
    expect(html).toContain('<code>teller</code>: teller');
    expect(html).toContain('<code>customer1</code> or any other username: customer');
    expect(html).not.toMatch(/<(script|link|img)\b/);
  });

  it('signs the operator in: a JWT for Ledger with roles ["operator"], accepted by the apps, CORS for the console', async () => {
    const pending = await codeFor('operator');
    const response = await redeem(pending);

    expect(response.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    const token = await accessTokenOf(response);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: LEDGER_AUDIENCE, sub: 'operator', roles: ['operator'], client_id: CONSOLE_CLIENT_ID });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3_600);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'operator', roles: ['operator'] });
  });

  it('signs any other user in as a customer, whose subject is the username', async () => {
    const token = await accessTokenOf(await redeem(await codeFor('customer1')));

    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'customer1', roles: ['customer'] });
  });

  it('asks again after the console signed out, in the same browser, and signs in whoever signs in then', async () => {
    const first = await codeFor('operator');
    await accessTokenOf(await redeem(first));
    const second = await codeFor('teller', consoleUrl, first.browser);

    await expect(verifier.verify(await accessTokenOf(await redeem(second)))).resolves.toEqual({ subject: 'teller', roles: ['teller'] });
  });

  it('sends the code to the console on any loopback port and host, directly or through the gateway', async () => {
    for (const redirectUri of ['http://localhost:8080/console/', 'http://127.0.0.1:3100/admin/console/']) {
      const token = await accessTokenOf(await redeem(await codeFor('teller', redirectUri), undefined, new URL(redirectUri).origin));
      await expect(verifier.verify(token)).resolves.toEqual({ subject: 'teller', roles: ['teller'] });
    }
  });

  it('refuses a code with the wrong code_verifier, and a code used twice', async () => {
    const pending = await codeFor('operator');

    const wrong = await redeem(pending, base64url(randomBytes(32)));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // The failed attempt consumed nothing; the right verifier still redeems the code, once.
    await accessTokenOf(await redeem(pending));
    expect((await redeem(pending)).status).toBe(400);
  });

  it('refuses the token request from a page that is not on a loopback address', async () => {
    const response = await redeem(await codeFor('operator'), undefined, 'https://console.example.com');

    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a redirect URI that is not the console on a loopback address, without redirecting to it', async () => {
    for (const redirectUri of ['http://console.example.com/console/', 'https://127.0.0.1:4321/console/', 'http://127.0.0.1:4321/elsewhere/']) {
      const { response } = await authorize(redirectUri);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('refuses an authorization request without a code challenge', async () => {
    const pending = await authorize(consoleUrl, { code_challenge: '', code_challenge_method: '' });
    const location = new URL(pending.response.headers.get('location') ?? '', provider.issuer);

    expect(`${location.origin}${location.pathname}`).toBe(consoleUrl);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('asks again, with the reason, for an empty password', async () => {
    const pending = await authorize(consoleUrl);
    const { action } = await signInPage(pending);
    const { response, leftTo } = await submit(pending, action, 'operator', '');

    expect(leftTo).toBeUndefined();
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/<p id="sign-in-error" role="alert">Enter a password/);
  });

  it('refuses a username that cannot be an owner id, keeping what was typed', async () => {
    const pending = await authorize(consoleUrl);
    const { action } = await signInPage(pending);
    const { response, leftTo } = await submit(pending, action, 'two <words>', 'secret');

    expect(leftTo).toBeUndefined();
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<p id="sign-in-error" role="alert">A username is 1 to 64 characters/);
    expect(html).toContain('value="two &lt;words&gt;" aria-invalid="true" aria-describedby="sign-in-error"');
  });

  it('publishes discovery and keys to the console page (CORS)', async () => {
    for (const url of [`${provider.issuer}/.well-known/openid-configuration`, `${provider.issuer}/jwks`]) {
      const response = await fetch(url, { headers: { origin: consoleOrigin } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    }
  });

  it('still issues development-grant tokens as before, and not to the console client', async () => {
    const token = await requestDevelopmentToken(provider.issuer, { subject: 'teller-1', roles: ['teller'] });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'teller-1', roles: ['teller'] });

    const refused = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ledger:params:oauth:grant-type:development-token', client_id: CONSOLE_CLIENT_ID, subject: 'x', role: 'operator' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error_description: 'requested grant type is not allowed for this client' });
  });
});
