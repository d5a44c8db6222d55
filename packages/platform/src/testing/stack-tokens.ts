import { DEVELOPMENT_ISSUER, requestDevelopmentToken, type DevelopmentTokenRequest } from '../auth/development-token';

/** The subject and role the test harnesses act as unless a test says otherwise: a teller may do every account command. */
export const TEST_TELLER = { subject: 'test-teller', roles: ['teller'] } as const;
/** The operator the harnesses use for the projector admin API and the CLI. */
export const TEST_OPERATOR = { subject: 'test-operator', roles: ['operator'] } as const;

const cached = new Map<string, Promise<string>>();

/** The issuer the stack started (the test tiers' global setup exports AUTH_ISSUER), or the local default. */
export function stackIssuer(): string {
  return process.env['AUTH_ISSUER'] ?? DEVELOPMENT_ISSUER;
}

/**
 * An access token from the stack's real OpenID provider. Tokens of the usual shape (a subject and
 * roles, an hour of life) are asked for once per test process; expired, not-yet-valid or foreign
 * ones are fresh every time.
 */
export function stackToken(request: DevelopmentTokenRequest): Promise<string> {
  const usual = request.audience === undefined && request.expiresInSeconds === undefined && request.notBeforeSeconds === undefined;
  if (!usual) return requestDevelopmentToken(stackIssuer(), request);
  const key = JSON.stringify([request.subject, [...request.roles].sort()]);
  let token = cached.get(key);
  if (token === undefined) {
    token = requestDevelopmentToken(stackIssuer(), request);
    token.catch(() => cached.delete(key));
    cached.set(key, token);
  }
  return token;
}

/** `{ authorization: 'Bearer …' }` for `subject` with `roles`, from the stack's provider. */
export async function bearerFor(subject: string, roles: readonly string[]): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await stackToken({ subject, roles })}` };
}

/**
 * `headers` with the test teller's token, unless they carry an `authorization` of their own;
 * `authorization: ''` sends none at all. What the harnesses send by default.
 */
export async function withTestToken(headers: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  if (!('authorization' in headers)) return { ...(await bearerFor(TEST_TELLER.subject, TEST_TELLER.roles)), ...headers };
  if (headers['authorization'] !== '') return { ...headers };
  const { authorization: _none, ...rest } = headers;
  return rest;
}
