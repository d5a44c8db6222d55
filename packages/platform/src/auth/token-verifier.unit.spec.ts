import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from './auth-config';
import { InvalidToken, TokenVerifier } from './token-verifier';

const settings: AuthSettings = {
  authIssuer: 'https://sso.example.com/realms/bank',
  authAudience: 'ledger',
  authJwksUrl: undefined,
  authRolesClaim: 'realm_access.roles',
  authClockToleranceSeconds: 0,
  operationsAccess: 'operator',
  corsOrigins: [],
};

async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  let lookups = 0;
  const keys: JWTVerifyGetKey = (header, token) => {
    lookups += 1;
    return jwks(header, token);
  };
  const sign = (claims: JWTPayload, expiresAt: number = Math.floor(Date.now() / 1000) + 3_600) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(settings.authIssuer)
      .setAudience('ledger')
      .setSubject('cust-1')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(privateKey);
  return { keys, sign, lookups: () => lookups };
}

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the roles from a nested claim (Keycloak), as an array or a space-separated string, dropping roles Ledger does not know', async () => {
    const { keys, sign } = await issuer();
    const verifier = new TokenVerifier(settings, keys);

    await expect(verifier.verify(await sign({ realm_access: { roles: ['customer', 'offline_access', 'teller'] } }))).resolves.toEqual({ subject: 'cust-1', roles: ['customer', 'teller'] });
    await expect(verifier.verify(await sign({ realm_access: { roles: 'operator uma_authorization' } }))).resolves.toEqual({ subject: 'cust-1', roles: ['operator'] });
    await expect(verifier.verify(await sign({}))).resolves.toEqual({ subject: 'cust-1', roles: [] });
  });

  it('checks a token’s signature once, then answers it from memory until it expires, and refuses it after', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { keys, sign, lookups } = await issuer();
    const verifier = new TokenVerifier(settings, keys);
    const token = await sign({ realm_access: { roles: ['teller'] } }, Math.floor(Date.now() / 1000) + 60);

    await verifier.verify(token);
    await verifier.verify(token);
    expect(lookups()).toBe(1);

    jest.setSystemTime(Date.now() + 61_000);
    await expect(verifier.verify(token)).rejects.toEqual(new InvalidToken('the token has expired'));
  });

  it('never remembers a refused token: every try is checked again', async () => {
    const { keys, sign, lookups } = await issuer();
    const verifier = new TokenVerifier({ ...settings, authAudience: 'another-api' }, keys);
    const token = await sign({});

    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidToken);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidToken);
    expect(lookups()).toBe(2);
  });
});
