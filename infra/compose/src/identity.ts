import type { ComposeDocument } from './compose-model';

/** The parts of a Keycloak realm export the apps depend on. */
export interface RealmClient {
  readonly clientId: string;
  readonly publicClient?: boolean;
  readonly standardFlowEnabled?: boolean;
  readonly directAccessGrantsEnabled?: boolean;
  readonly redirectUris?: readonly string[];
  readonly webOrigins?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
  readonly protocolMappers?: readonly { readonly protocolMapper: string; readonly config: Readonly<Record<string, string>> }[];
}

export interface Realm {
  readonly realm: string;
  readonly roles?: { readonly realm?: readonly { readonly name: string }[] };
  readonly clients?: readonly RealmClient[];
  readonly users?: readonly { readonly username: string; readonly realmRoles?: readonly string[] }[];
}

/** Keycloak puts realm roles here unless told otherwise (its `roles` client scope). */
export const KEYCLOAK_ROLES_CLAIM = 'realm_access.roles';

function audiencesOf(client: RealmClient): string[] {
  return (client.protocolMappers ?? [])
    .filter((mapper) => mapper.protocolMapper === 'oidc-audience-mapper' && mapper.config['access.token.claim'] === 'true')
    .map((mapper) => mapper.config['included.custom.audience'] ?? '');
}

export interface IdentityExpectations {
  /** Ledger's roles (`ROLES` of @ledger/platform). */
  readonly roles: readonly string[];
  /** The provider's service in the compose file. */
  readonly providerService: string;
  /** Where the operator console is served through the gateway (`http://localhost:8080/admin/console/`). */
  readonly consoleUrl: string;
}

/**
 * Where the apps' identity settings and the realm they are meant for disagree, so a token would
 * be refused: the issuer (Keycloak writes `<KC_HOSTNAME>/realms/<realm>`), where the keys are,
 * the audience a client's tokens carry, the roles claim and the roles themselves, and the
 * console's client (public, PKCE, redirected back to the console through the gateway).
 */
export function identityProblems(document: ComposeDocument, realm: Realm, environments: Readonly<Record<string, Readonly<Record<string, string | null>>>>, expected: IdentityExpectations): string[] {
  const problems: string[] = [];
  const provider = document.services[expected.providerService];
  if (provider === undefined) return [`${expected.providerService}: missing`];
  const issuer = `${provider.environment['KC_HOSTNAME'] ?? '(no KC_HOSTNAME)'}/realms/${realm.realm}`;
  const jwks = `http://${provider.name}:${provider.environment['KC_HTTP_PORT'] ?? '8080'}/realms/${realm.realm}/protocol/openid-connect/certs`;
  const realmRoles = new Set((realm.roles?.realm ?? []).map((role) => role.name));
  problems.push(...expected.roles.filter((role) => !realmRoles.has(role)).map((role) => `realm ${realm.realm}: has no role ${role}`));
  const clients = realm.clients ?? [];
  for (const client of clients) {
    if (audiencesOf(client).length === 0) problems.push(`realm ${realm.realm}: client ${client.clientId} adds no audience to its access tokens`);
  }
  for (const [service, environment] of Object.entries(environments)) {
    const expect = (name: string, value: string): void => {
      if (environment[name] !== value) problems.push(`${service}: ${name} is ${environment[name] ?? 'unset'}, the realm needs ${value}`);
    };
    expect('AUTH_ISSUER', issuer);
    expect('AUTH_JWKS_URL', jwks);
    expect('AUTH_ROLES_CLAIM', KEYCLOAK_ROLES_CLAIM);
    const audience = environment['AUTH_AUDIENCE'] ?? '';
    for (const client of clients) {
      if (!audiencesOf(client).includes(audience)) problems.push(`${service}: tokens of ${client.clientId} do not carry its AUTH_AUDIENCE ${audience || '(unset)'}`);
    }
    const consoleClientId = environment['CONSOLE_CLIENT_ID'];
    if (consoleClientId === undefined || consoleClientId === null) continue;
    const consoleClient = clients.find((client) => client.clientId === consoleClientId);
    if (consoleClient === undefined) {
      problems.push(`${service}: CONSOLE_CLIENT_ID ${consoleClientId} is not a client of the realm`);
      continue;
    }
    const redirects = (consoleClient.redirectUris ?? []).some((uri) => uri === expected.consoleUrl || (uri.endsWith('*') && expected.consoleUrl.startsWith(uri.slice(0, -1))));
    const pkce = consoleClient.publicClient === true && consoleClient.standardFlowEnabled === true && consoleClient.attributes?.['pkce.code.challenge.method'] === 'S256';
    if (!redirects) problems.push(`realm ${realm.realm}: client ${consoleClientId} does not redirect to ${expected.consoleUrl}`);
    if (!pkce) problems.push(`realm ${realm.realm}: client ${consoleClientId} is not a public client with the code flow and PKCE S256`);
    if (!(consoleClient.webOrigins ?? []).includes(new URL(expected.consoleUrl).origin)) problems.push(`realm ${realm.realm}: client ${consoleClientId} allows no CORS from ${new URL(expected.consoleUrl).origin}`);
  }
  return problems;
}
