import { DEVELOPMENT_ISSUER, isRole, requestDevelopmentToken } from '@ledger/platform';
import { CommandFailed } from './cli-io';

/** Issues an access token for a subject and roles (`ledger token`). */
export type TokenIssuer = (subject: string, roles: readonly string[]) => Promise<string>;

/**
 * `ledger token` asks the local OpenID provider's development grant. Refused in production
 * configuration (NODE_ENV=production), where tokens come from the real provider's own flows.
 */
export function developmentTokenIssuer(environment: { readonly nodeEnv?: string; readonly issuer?: string }): TokenIssuer {
  return async (subject, roles) => {
    if (environment.nodeEnv === 'production') {
      throw new CommandFailed('token is for development only (NODE_ENV=production): get tokens from your OpenID provider');
    }
    const unknown = roles.filter((role) => !isRole(role));
    if (unknown.length > 0) throw new CommandFailed(`unknown role ${unknown.join(', ')}: the roles are customer, teller and operator`);
    const issuer = environment.issuer ?? DEVELOPMENT_ISSUER;
    try {
      return await requestDevelopmentToken(issuer, { subject, roles });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CommandFailed(`${reason}; is the local stack up (npm run stack -- up)?`);
    }
  };
}
