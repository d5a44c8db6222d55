import { type DeadLetterQuery } from './admin-client';

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'projections-status' }
  | { readonly kind: 'projections-pause'; readonly name: string; readonly paused: boolean }
  | { readonly kind: 'projections-rebuild'; readonly name: string; readonly wait: boolean }
  | { readonly kind: 'projections-rebuild-status'; readonly name: string; readonly rebuildId: string; readonly follow: boolean }
  | { readonly kind: 'dead-letters-list'; readonly query: DeadLetterQuery }
  | { readonly kind: 'dead-letters-retry'; readonly id: number }
  | { readonly kind: 'dead-letters-skip'; readonly id: number; readonly reason?: string }
  | { readonly kind: 'token'; readonly subject: string; readonly roles: readonly string[] }
  | { readonly kind: 'migrate'; readonly dryRun: boolean };

/** A command line the CLI does not understand: said with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: npm run ledger -- <command>

  projections status              state, lag, applied and dead letters of each projection
  projections pause <name>        stop applying a projection on that projector instance
  projections resume <name>       apply it again
  projections rebuild <name> [--no-wait]
                                  rebuild a read model from the event store into a shadow copy and swap it in,
                                  with a progress bar until the new one is live (--no-wait: print the rebuild id)
  projections rebuild-status <name> <rebuildId> [--follow]
                                  where a rebuild stands (--follow: until it ends); Ctrl-C stops following, not the rebuild
  dead-letters list [--projection <name>] [--status open|waiting|retried|released|skipped|superseded|unresolved|all] [--limit <n>]
  dead-letters retry <id>         apply an open dead letter again, then the events waiting behind it
  dead-letters skip <id> [--reason "<why>"]
                                  mark it handled without applying it, then apply the waiting ones;
                                  the reason (up to 500 characters) is recorded with your name on the dead letter

  token --sub <id> --role <role> [--role <role>…]
                                  print an access token from the local OpenID provider (development only;
                                  roles: customer, teller, operator)

  migrate [--dry-run]             bring every PostgreSQL schema (event store, relay checkpoints, read models) to its
                                  latest migration, under the migrators' locks, and say what was applied
                                  (--dry-run: list the pending migrations, apply nothing)

PROJECTOR_URL says where the projector admin API listens (default http://127.0.0.1:3002); LEDGER_TOKEN is the
operator's access token the commands send. AUTH_ISSUER says where the local provider is (default http://127.0.0.1:3004).
migrate talks to PostgreSQL itself, configured like the apps: DATABASE_URL, EVENT_STORE, EVENT_STORE_SCHEMA,
RELAY_CHECKPOINT_SCHEMA, READ_MODEL_SCHEMA and the DATABASE_*_TIMEOUT_MS limits.`;

function idOf(text: string | undefined): number {
  if (text === undefined || !/^[1-9]\d{0,15}$/.test(text)) throw new UsageError(`a dead letter id is a positive integer, not "${text ?? ''}"`);
  return Number(text);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<name> [flag]`: the positional arguments and whether the one allowed flag is there. */
function withFlag(args: readonly string[], flag: string, positionals: number): { values: string[]; flagged: boolean } | undefined {
  const values = args.filter((arg) => arg !== flag);
  if (values.length !== positionals || values.some((value) => value.startsWith('--')) || args.length - values.length > 1) return undefined;
  return { values, flagged: values.length !== args.length };
}

/** `<id> [--reason <text>]`, in either order. */
function skipCommand(args: readonly string[]): CliCommand {
  const at = args.indexOf('--reason');
  if (at === -1) {
    if (args.length > 1) throw new UsageError(`unknown option ${args.slice(1).join(' ')}`);
    return { kind: 'dead-letters-skip', id: idOf(args[0]) };
  }
  const reason = args[at + 1];
  if (reason === undefined || reason.trim() === '') throw new UsageError('--reason needs a text: why the event is skipped');
  const others = args.filter((_, index) => index !== at && index !== at + 1);
  if (others.length !== 1) throw new UsageError(`dead-letters skip takes one id, not "${others.join(' ')}"`);
  return { kind: 'dead-letters-skip', id: idOf(others[0]), reason };
}

function rebuildCommand(action: string | undefined, rest: readonly string[]): CliCommand | undefined {
  if (action === 'rebuild') {
    const parsed = withFlag(rest, '--no-wait', 1);
    const [name] = parsed?.values ?? [];
    if (parsed !== undefined && name !== undefined) return { kind: 'projections-rebuild', name, wait: !parsed.flagged };
  }
  if (action === 'rebuild-status') {
    const parsed = withFlag(rest, '--follow', 2);
    const [name, rebuildId] = parsed?.values ?? [];
    if (parsed === undefined || name === undefined || rebuildId === undefined) return undefined;
    if (!uuid.test(rebuildId)) throw new UsageError(`a rebuild id is a UUID, not "${rebuildId}"`);
    return { kind: 'projections-rebuild-status', name, rebuildId, follow: parsed.flagged };
  }
  return undefined;
}

function flagsOf(args: readonly string[]): DeadLetterQuery {
  const query: { projection?: string; status?: string; limit?: number } = {};
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if (value === undefined) throw new UsageError(`${flag ?? ''} needs a value`);
    if (flag === '--projection') query.projection = value;
    else if (flag === '--status') query.status = value;
    else if (flag === '--limit' && /^\d+$/.test(value)) query.limit = Number(value);
    else throw new UsageError(`unknown option ${flag ?? ''} ${value}`);
  }
  return query;
}

function tokenCommand(args: readonly string[]): CliCommand {
  let subject: string | undefined;
  const roles: string[] = [];
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag ?? ''} needs a value`);
    if (flag === '--sub' && subject === undefined) subject = value;
    else if (flag === '--role') roles.push(value);
    else throw new UsageError(`unknown option ${flag ?? ''} ${value}`);
  }
  if (subject === undefined) throw new UsageError('token needs --sub <id>');
  return { kind: 'token', subject, roles };
}

/** `migrate [--dry-run]`. */
function migrateCommandOf(args: readonly string[]): CliCommand {
  if (args.length === 0) return { kind: 'migrate', dryRun: false };
  if (args.length === 1 && args[0] === '--dry-run') return { kind: 'migrate', dryRun: true };
  throw new UsageError(`migrate takes only --dry-run, not "${args.join(' ')}"`);
}

export function parseArguments(args: readonly string[]): CliCommand {
  const [group, action, ...rest] = args;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') return { kind: 'help' };
  if (group === 'projections') {
    if (action === 'status' && rest.length === 0) return { kind: 'projections-status' };
    if ((action === 'pause' || action === 'resume') && rest.length === 1 && rest[0] !== undefined) {
      return { kind: 'projections-pause', name: rest[0], paused: action === 'pause' };
    }
    const rebuild = rebuildCommand(action, rest);
    if (rebuild !== undefined) return rebuild;
  }
  if (group === 'token') return tokenCommand(args.slice(1));
  if (group === 'migrate') return migrateCommandOf(args.slice(1));
  if (group === 'dead-letters') {
    if (action === 'list') return { kind: 'dead-letters-list', query: flagsOf(rest) };
    if (action === 'retry' && rest.length <= 1) return { kind: 'dead-letters-retry', id: idOf(rest[0]) };
    if (action === 'skip') return skipCommand(rest);
  }
  throw new UsageError(`unknown command: ${args.join(' ')}`);
}
