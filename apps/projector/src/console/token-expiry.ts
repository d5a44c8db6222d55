/**
 * When the bearer token in `authorization` expires, from its `exp` claim; undefined when it says
 * none. Only read here, never trusted for access: the authentication hook verified the token
 * before the stream opened. A stream ends at that moment, so a console cannot outlive its sign-in.
 */
export function tokenExpiryOf(authorization: string | undefined): Date | undefined {
  const payload = authorization?.replace(/^Bearer +/i, '').split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1_000) : undefined;
  } catch {
    return undefined;
  }
}
