import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { DEVELOPMENT_ISSUER, LEDGER_AUDIENCE } from '../auth/development-token';

/** Signs access tokens with a key made for one test file; the apps verify them with `keys`. */
export interface LocalTokenIssuer {
  /** The issuer's public keys, for `AppAuthentication.keys`. */
  readonly keys: JWTVerifyGetKey;
  /** An access token for `subject` with `roles`, from the development issuer for Ledger's audience. */
  tokenFor(subject: string, roles: readonly string[]): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for `app.inject`. */
  headersFor(subject: string, roles: readonly string[]): Promise<Record<string, string>>;
}

/**
 * Real signatures without a provider, for unit tests that drive an app with `app.inject()`: the
 * same verifier runs, only its keys come from here instead of a JWKS URL. Anything that talks to
 * a server uses the stack's OpenID provider instead.
 */
export async function localTokenIssuer(): Promise<LocalTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'unit-test', alg: 'ES256' }] });
  const tokenFor = (subject: string, roles: readonly string[]): Promise<string> =>
    new SignJWT({ roles: [...roles] })
      .setProtectedHeader({ alg: 'ES256', kid: 'unit-test' })
      .setIssuer(DEVELOPMENT_ISSUER)
      .setAudience(LEDGER_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  return {
    keys,
    tokenFor,
    headersFor: async (subject, roles) => ({ authorization: `Bearer ${await tokenFor(subject, roles)}` }),
  };
}
