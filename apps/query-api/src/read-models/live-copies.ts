import { ProjectionVersions } from '@ledger/projections/postgres';
import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';

/**
 * A rebuild swaps a MongoDB read model in by moving a pointer (`projection_versions.live_copy`).
 * One lookup a second is enough: the retired copy is frozen at the swap and kept for a grace
 * period (PROJECTION_REBUILD_GRACE_SECONDS, at least 5 s), so a reader still on it sees the
 * state of the moment of the swap, never anything half-built, and never a revision going back.
 */
const POINTER_TTL_MS = 1_000;

@Injectable()
export class LiveCopies {
  private readonly versions: ProjectionVersions;
  private readonly cached = new Map<string, { readonly atMs: number; readonly copy: Promise<string> }>();
  private readonly lastKnown = new Map<string, { readonly askedAtMs: number; readonly copy: string }>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.versions = new ProjectionVersions(config.readModelSchema);
  }

  /**
   * The live copy's suffix for `projection` ('' = the read model's own name). While PostgreSQL
   * cannot be asked, or does not answer within POINTER_TTL_MS, the last copy it named (the read
   * model itself lives in MongoDB and keeps answering); before it ever answered, the failure.
   */
  liveCopy(projection: string): Promise<string> {
    const known = this.lastKnown.get(projection)?.copy;
    const lookup = this.lookUp(projection);
    if (known === undefined) return lookup;
    // A frozen server must not hold every portfolio read for a whole statement timeout.
    return Promise.race([lookup, sleep(POINTER_TTL_MS, known, { ref: false })]);
  }

  private lookUp(projection: string): Promise<string> {
    const now = Date.now();
    const cached = this.cached.get(projection);
    if (cached !== undefined && now - cached.atMs < POINTER_TTL_MS) return cached.copy;
    const copy = this.versions.liveCopy(this.pool, projection).then(
      (found) => {
        // A slow lookup answering after a newer one must not bring back the copy a swap retired.
        if ((this.lastKnown.get(projection)?.askedAtMs ?? -Infinity) <= now) this.lastKnown.set(projection, { askedAtMs: now, copy: found });
        return found;
      },
      (error: unknown) => {
        this.cached.delete(projection);
        const known = this.lastKnown.get(projection)?.copy;
        // Never guess: after a rebuild the read model's own collections may be gone.
        if (known === undefined) throw error;
        return known;
      },
    );
    this.cached.set(projection, { atMs: now, copy });
    return copy;
  }
}
