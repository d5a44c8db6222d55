import { ProjectionVersions } from '@ledger/projections/postgres';
import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';

/**
 * How long a learned generation is trusted. A rebuild's swap moves it in its own transaction;
 * views cached from the replaced read model may be served this long after that commit.
 */
export const GENERATION_TTL_MS = 1_000;

/** How long a read waits for a lookup once the generation it knows is due, before it goes on with that one. */
const LOOKUP_WAIT_MS = 1_000;

interface Learned {
  readonly askedAtMs: number;
  readonly generation: bigint;
}

/**
 * Which generation of a read model is live (`projection_versions.generation`, moved by every
 * rebuild's swap): what the query cache tags views with, so a view of a read model a rebuild
 * replaced is no answer any more, even at the same revision. Asked through the pool the read
 * model is read from, and before it is read: a view is never tagged with a generation newer than
 * the read model it came from (a replica applies the swap's commit before anything after it).
 * While PostgreSQL does not answer, the last generation it named: cached views keep answering
 * as they did before generations, and no read of the database could show a newer read model
 * anyway; before it ever answered, none (the cache is not used).
 */
@Injectable()
export class ReadModelGenerations {
  private readonly versions: ProjectionVersions;
  private readonly learned = new Map<string, Learned>();
  private readonly asking = new Map<string, Promise<bigint | undefined>>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.versions = new ProjectionVersions(config.readModelSchema);
  }

  /** The live generation of `projection`, learned at most GENERATION_TTL_MS ago when PostgreSQL answers; undefined while unknown. */
  current(projection: string): Promise<bigint | undefined> {
    const known = this.learned.get(projection);
    if (known !== undefined && Date.now() - known.askedAtMs < GENERATION_TTL_MS) return Promise.resolve(known.generation);
    const lookup = this.lookUp(projection);
    if (known === undefined) return lookup;
    // A frozen server must not hold every cached read for a whole statement timeout.
    return Promise.race([lookup.then((found) => found ?? known.generation), sleep(LOOKUP_WAIT_MS, known.generation, { ref: false })]);
  }

  /** One lookup at a time per read model: the reads that find the generation due share it. */
  private lookUp(projection: string): Promise<bigint | undefined> {
    const asking = this.asking.get(projection);
    if (asking !== undefined) return asking;
    const askedAtMs = Date.now();
    const lookup = this.versions
      .generation(this.pool, projection)
      .then(
        (generation) => {
          this.learned.set(projection, { askedAtMs, generation });
          return generation;
        },
        () => undefined,
      )
      .finally(() => this.asking.delete(projection));
    this.asking.set(projection, lookup);
    return lookup;
  }
}
