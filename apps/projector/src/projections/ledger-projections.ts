import { type ProjectionDefinition } from '@ledger/projections';
import { accountProjectionNames, accountProjections, type AccountProjectionsOptions } from '@ledger/projections/accounts';
import { transferProjectionNames, transferProjections } from '@ledger/projections/transfers';

/**
 * Every projection the projector knows, in the order the admin API lists them: what
 * `PROJECTIONS=all` (the default) runs, and what the group `<prefix>.projector` is made of.
 */
export const ledgerProjectionNames: readonly string[] = [...accountProjectionNames, ...transferProjectionNames];

/** The account and transfer read models, wired to one set of connections. */
export function ledgerProjections(options: AccountProjectionsOptions): ProjectionDefinition[] {
  return [...accountProjections(options), ...transferProjections(options)];
}
