import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';

/** A row of `account_transactions`: one money movement, as the account-transactions projection writes it. */
export interface TransactionRow {
  readonly revision: string;
  readonly type: 'deposit' | 'withdrawal';
  readonly amount_minor: string;
  readonly currency: string;
  readonly balance_after_minor: string;
  readonly reference: string | null;
  /** The transfer the movement is a leg of; null for a plain deposit or withdrawal. */
  readonly transfer_id: string | null;
  readonly occurred_at: Date;
}

/** Reads the `account_transactions` read model (PostgreSQL), newest first. */
@Injectable()
export class AccountTransactions {
  private readonly schema: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.schema = `"${config.readModelSchema}"`;
  }

  /**
   * Movements with a revision below `beforeRevision` (keyset), newest first. Every column is
   * qualified: an unqualified ORDER BY name binds to the output column first, and the output
   * `revision` is text (bigints leave as strings), which sorted "99" before "195" and broke
   * every page after the ninth movement.
   */
  async list(accountId: string, beforeRevision: bigint | undefined, limit: number): Promise<TransactionRow[]> {
    const result = await this.pool.query<TransactionRow>(
      `SELECT t.revision::text AS revision, t.type, t.amount_minor::text AS amount_minor, t.currency,
              t.balance_after_minor::text AS balance_after_minor, t.reference, t.transfer_id, t.occurred_at
         FROM ${this.schema}.account_transactions t
        WHERE t.account_id = $1 AND ($2::bigint IS NULL OR t.revision < $2::bigint)
        ORDER BY t.revision DESC
        LIMIT $3`,
      [accountId, beforeRevision?.toString() ?? null, limit],
    );
    return result.rows;
  }
}
