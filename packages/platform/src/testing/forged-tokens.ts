import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function partsOf(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string } {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
    signature,
  };
}

/**
 * Tokens an attacker could make from a real one, each of which every app must refuse with 401.
 * They start from a genuine token of the stack's provider, so only the forged part is wrong.
 */
export const forgedTokens = {
  /** The claims changed (another subject, more roles) under the original signature. */
  withClaimsChanged(token: string, claims: Record<string, unknown>): string {
    const { header, payload, signature } = partsOf(token);
    return `${encode(header)}.${encode({ ...payload, ...claims })}.${signature}`;
  },

  /** `alg: none` and no signature: accepted by libraries that trust the header. */
  unsigned(token: string): string {
    const { header, payload } = partsOf(token);
    return `${encode({ ...header, alg: 'none' })}.${encode(payload)}.`;
  },

  /**
   * HS256 with the issuer's public key (PEM) as the HMAC secret: the "algorithm confusion"
   * attack on verifiers that pick the algorithm from the token.
   */
  async signedWithPublicKeyAsSecret(token: string, jwksUrl: string): Promise<string> {
    const { header, payload } = partsOf(token);
    const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
    const jwk = keys.find((key) => key.kid === header['kid']) ?? keys[0];
    if (jwk === undefined) throw new Error(`${jwksUrl} publishes no key`);
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const signingInput = `${encode({ ...header, alg: 'HS256' })}.${encode(payload)}`;
    return `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
  },
};
