import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';

/** A row of `account_summary`, as the account-summary projection writes it. */
export interface AccountSummaryRow {
  readonly account_id: string;
  readonly owner_id: string;
  readonly currency: string;
  readonly balance_minor: string;
  readonly status: 'open' | 'frozen' | 'closed';
  readonly revision: string;
  readonly opened_at: Date;
  readonly updated_at: Date;
}

export interface AccountFilter {
  readonly ownerId?: string;
  readonly status?: AccountSummaryRow['status'];
  /** Keyset: only accounts whose id sorts after this one. */
  readonly afterAccountId?: string;
  readonly limit: number;
}

const columns = 'account_id, owner_id, currency, balance_minor::text, status, revision::text, opened_at, updated_at';

/** Reads the `account_summary` read model (PostgreSQL). */
@Injectable()
export class AccountSummaries {
  private readonly table: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.table = `"${config.readModelSchema}".account_summary`;
  }

  async find(accountId: string): Promise<AccountSummaryRow | undefined> {
    const result = await this.pool.query<AccountSummaryRow>(`SELECT ${columns} FROM ${this.table} WHERE account_id = $1`, [accountId]);
    return result.rows[0];
  }

  /** The account's owner, as the only one who may see it beside tellers; undefined when the read model has not seen the account. */
  async ownersOf(accountId: string): Promise<readonly string[] | undefined> {
    const row = await this.find(accountId);
    return row === undefined ? undefined : [row.owner_id];
  }

  /** Accounts in id order, filtered; the (owner_id, account_id) and (status, account_id) indexes serve it. */
  async list({ ownerId, status, afterAccountId, limit }: AccountFilter): Promise<AccountSummaryRow[]> {
    const result = await this.pool.query<AccountSummaryRow>(
      `SELECT ${columns} FROM ${this.table}
        WHERE ($1::text IS NULL OR owner_id = $1::text)
          AND ($2::text IS NULL OR status = $2::text)
          AND ($3::uuid IS NULL OR account_id > $3::uuid)
        ORDER BY account_id
        LIMIT $4`,
      [ownerId ?? null, status ?? null, afterAccountId ?? null, limit],
    );
    return result.rows;
  }
}
