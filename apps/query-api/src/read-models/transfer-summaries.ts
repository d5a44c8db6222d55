import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';

/** A row of `transfer_summary`, as the transfer-summary projection writes it. */
export interface TransferSummaryRow {
  readonly transfer_id: string;
  readonly from_account_id: string;
  readonly from_owner_id: string;
  readonly to_account_id: string;
  readonly to_owner_id: string;
  readonly amount_minor: string;
  readonly currency: string;
  readonly reference: string | null;
  readonly status: 'pending' | 'completed' | 'failed' | 'reversed';
  /** The refusing account's code: set once the debit failed or the credit was refused (while the refund is pending, too). */
  readonly failure_code: string | null;
  readonly revision: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

const columns = `transfer_id, from_account_id, from_owner_id, to_account_id, to_owner_id, amount_minor::text, currency, reference,
                 status, failure_code, revision::text, created_at, updated_at`;

/** Reads the `transfer_summary` read model (PostgreSQL). */
@Injectable()
export class TransferSummaries {
  private readonly table: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.table = `"${config.readModelSchema}".transfer_summary`;
  }

  async find(transferId: string): Promise<TransferSummaryRow | undefined> {
    const result = await this.pool.query<TransferSummaryRow>(`SELECT ${columns} FROM ${this.table} WHERE transfer_id = $1`, [transferId]);
    return result.rows[0];
  }

  /** The owners of both accounts, the customers who may see the transfer; undefined when the read model has not seen it. */
  async ownersOf(transferId: string): Promise<readonly string[] | undefined> {
    const row = await this.find(transferId);
    return row === undefined ? undefined : ownersOfTransfer(row);
  }
}

export function ownersOfTransfer(row: TransferSummaryRow): readonly string[] {
  return [row.from_owner_id, row.to_owner_id];
}
