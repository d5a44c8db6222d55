import { copyNameOf } from '../../src';
import { ownersCollection, portfolioCollection, type PortfolioDocument } from '../../src/accounts';
import { ProjectionVersions } from '../../src/postgres';
import { type MongoUnderTest, type PostgresUnderTest } from './test-stack';

/**
 * Every row (or document) of a read model's live copy, in a stable order: what a rebuild must
 * reproduce exactly.
 */
export async function liveReadModel(name: string, pg: PostgresUnderTest, mongo?: MongoUnderTest): Promise<unknown> {
  const schema = `"${pg.readModelSchema}"`;
  const guard = await pg.pool.query(`SELECT stream_id, revision::text FROM ${schema}.projection_stream_revisions WHERE projection = $1 ORDER BY stream_id`, [name]);
  switch (name) {
    case 'account-summary': {
      const rows = await pg.pool.query(`SELECT to_jsonb(s) AS row FROM ${schema}.account_summary s ORDER BY s.account_id`);
      return { rows: rows.rows, guard: guard.rows };
    }
    case 'account-transactions': {
      const rows = await pg.pool.query(
        `SELECT to_jsonb(t) AS row FROM ${schema}.account_transactions t ORDER BY t.account_id, t.revision`,
      );
      return { rows: rows.rows, guard: guard.rows };
    }
    case 'transfer-summary': {
      const rows = await pg.pool.query(`SELECT to_jsonb(t) AS row FROM ${schema}.transfer_summary t ORDER BY t.transfer_id`);
      return { rows: rows.rows, guard: guard.rows };
    }
    case 'customer-portfolio': {
      if (mongo === undefined) throw new Error('the portfolio lives in MongoDB: pass it');
      const copy = await new ProjectionVersions(pg.readModelSchema).liveCopy(pg.pool, name);
      const portfolios = await mongo.db.collection<PortfolioDocument>(copyNameOf(portfolioCollection, copy)).find({}).sort({ _id: 1 }).toArray();
      const owners = await mongo.db.collection(copyNameOf(ownersCollection, copy)).find({}).sort({ _id: 1 }).toArray();
      return { portfolios, owners };
    }
    default:
      throw new Error(`no snapshot for ${name}`);
  }
}
