import { type DeadLetterQuery } from './admin-client';

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'projections-status' }
  | { readonly kind: 'projections-pause'; readonly name: string; readonly paused: boolean }
  | { readonly kind: 'dead-letters-list'; readonly query: DeadLetterQuery }
  | { readonly kind: 'dead-letters-retry'; readonly id: number }
  | { readonly kind: 'dead-letters-skip'; readonly id: number };

/** A command line the CLI does not understand: said with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: npm run ledger -- <command>

  projections status              state, lag, applied and dead letters of each projection
  projections pause <name>        stop applying a projection on that projector instance
  projections resume <name>       apply it again
  dead-letters list [--projection <name>] [--status open|waiting|retried|released|skipped|unresolved|all] [--limit <n>]
  dead-letters retry <id>         apply an open dead letter again, then the events waiting behind it
  dead-letters skip <id>          mark it handled without applying it, then apply the waiting ones

PROJECTOR_URL says where the projector admin API listens (default http://127.0.0.1:3002).`;

function idOf(text: string | undefined): number {
  if (text === undefined || !/^[1-9]\d{0,15}$/.test(text)) throw new UsageError(`a dead letter id is a positive integer, not "${text ?? ''}"`);
  return Number(text);
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

export function parseArguments(args: readonly string[]): CliCommand {
  const [group, action, ...rest] = args;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') return { kind: 'help' };
  if (group === 'projections') {
    if (action === 'status' && rest.length === 0) return { kind: 'projections-status' };
    if ((action === 'pause' || action === 'resume') && rest.length === 1 && rest[0] !== undefined) {
      return { kind: 'projections-pause', name: rest[0], paused: action === 'pause' };
    }
  }
  if (group === 'dead-letters') {
    if (action === 'list') return { kind: 'dead-letters-list', query: flagsOf(rest) };
    if (action === 'retry' && rest.length <= 1) return { kind: 'dead-letters-retry', id: idOf(rest[0]) };
    if (action === 'skip' && rest.length <= 1) return { kind: 'dead-letters-skip', id: idOf(rest[0]) };
  }
  throw new UsageError(`unknown command: ${args.join(' ')}`);
}
