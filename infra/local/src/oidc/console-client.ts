import type { ClientMetadata } from 'oidc-provider';
import { CONSOLE_CLIENT_ID } from '@ledger/platform/development-token';

/** The console's own path, and the same page through the gateway. */
const CONSOLE_PATHS = ['/console/', '/admin/console/'] as const;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * The operator console as a public client: a page in a browser keeps no secret, so it proves the
 * code is its own with PKCE (S256, which the provider requires of every client without a secret).
 * It is a "native" client so that the provider matches its loopback redirect URIs on any port
 * (RFC 8252 section 7.3): the projector, and the gateway in front of it, listen wherever the
 * developer's settings put them. The provider allows no http: redirect URI to any other host.
 */
export const CONSOLE_CLIENT: ClientMetadata = {
  client_id: CONSOLE_CLIENT_ID,
  client_name: 'Ledger operator console',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  redirect_uris: LOOPBACK_HOSTS.flatMap((host) => CONSOLE_PATHS.map((path) => `http://${host}${path}`)),
};

/** A page served from a loopback address, on any port: where the console calls the token endpoint from. */
export function isLoopbackOrigin(origin: string): boolean {
  const url = URL.parse(origin);
  return url !== null && url.protocol === 'http:' && url.origin === origin && (LOOPBACK_HOSTS as readonly string[]).includes(url.hostname);
}
