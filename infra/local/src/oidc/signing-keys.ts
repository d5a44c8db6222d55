import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The provider's private signing keys as a JWKS; the first one signs, all are published. */
export interface SigningKeys {
  readonly keys: readonly (JWK & { readonly kid: string; readonly alg: string })[];
}

async function newKey(alg: 'RS256' | 'ES256'): Promise<SigningKeys['keys'][number]> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg, use: 'sig' };
}

/**
 * The keys in `file`, made on first use. They outlive restarts of the provider, so a token
 * issued before `npm run stack -- down` still verifies after the next `up`.
 */
export async function loadOrCreateSigningKeys(file: string): Promise<SigningKeys> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SigningKeys;
  const keys: SigningKeys = { keys: [await newKey('RS256'), await newKey('ES256')] };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/**
 * Key rotation as a provider does it: a new signing key goes first, the previous ones stay
 * published so the tokens they signed verify until they expire.
 */
export async function rotateSigningKeys(file: string): Promise<SigningKeys> {
  const current = await loadOrCreateSigningKeys(file);
  const rotated: SigningKeys = { keys: [await newKey('RS256'), ...current.keys] };
  writeFileSync(file, `${JSON.stringify(rotated, null, 2)}\n`, { mode: 0o600 });
  return rotated;
}
