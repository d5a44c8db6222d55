import { type Redis } from 'ioredis';
import { RedisScript } from './redis-script';

/** A cached read: the view as its reader stored it, and the stream revision it reflects. */
export interface CachedView {
  readonly revision: bigint;
  readonly payload: string;
}

/**
 * Writes a view unless the entry already stands for a newer revision: an invalidation that
 * happened while the view was being read from the database (a tombstone of revision N+1) must
 * win over the view of N the reader then brings. An equal revision is rewritten (it is the same
 * state, or it replaces its own tombstone), unless by a reader still on an older generation of
 * the read model: one that has not learned of a rebuild's swap yet must not push back a view of
 * the new read model. A tombstone, or an entry from before generations, has none: any fill wins.
 */
const fillScript = new RedisScript(`
local current = redis.call('HMGET', KEYS[1], 'revision', 'generation')
if current[1] then
  local revision, wanted = tonumber(current[1]), tonumber(ARGV[1])
  if revision > wanted then return 0 end
  if revision == wanted and tonumber(current[2] or '-1') > tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], 'revision', ARGV[1], 'generation', ARGV[2], 'view', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);

/**
 * Replaces the entry with a tombstone of `revision` (a revision, no view), unless it already
 * stands for that revision or a newer one. The tombstone is written even where nothing was
 * cached: a reader may be between its database read and its fill.
 */
const invalidateScript = new RedisScript(`
local current = redis.call('HGET', KEYS[1], 'revision')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'revision', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`);

/**
 * A Redis cache of read-model views whose entries carry the revision they reflect, so a writer
 * that commits revision N (the projector) and readers filling from the database can never leave
 * an older view in place of a newer state: `fill` never overwrites a newer revision, and
 * `invalidate` leaves a tombstone that stops older fills for as long as it lives. Entries also
 * carry the generation of the read model they were read from (`ProjectionVersions.generation`),
 * and `read` answers only views of the generation asked for: after a rebuild's swap a view at
 * the same revision may differ, and tombstones cannot name every account a swap changed. Each
 * entry is a hash (`revision`, `generation`, `view`) under its own key, each call one key
 * (Redis Cluster safe). Redis errors are the caller's to handle.
 */
export class RevisionGuardedCache {
  constructor(private readonly redis: Redis) {}

  /** The view cached from `generation`, or undefined when there is none (never filled, expired, a tombstone, another generation's). */
  async read(key: string, generation: bigint): Promise<CachedView | undefined> {
    const [revision, payload, cachedGeneration] = await this.redis.hmget(key, 'revision', 'view', 'generation');
    if (revision === null || revision === undefined || payload === null || payload === undefined) return undefined;
    if (cachedGeneration !== generation.toString()) return undefined;
    return { revision: BigInt(revision), payload };
  }

  /** Stores `payload`, read from `generation`, as the view at `revision` for `ttlMs`; false when a newer revision (or generation) is already there. */
  async fill(key: string, revision: bigint, generation: bigint, payload: string, ttlMs: number): Promise<boolean> {
    return (await fillScript.run(this.redis, key, [revision.toString(), generation.toString(), payload, ttlMs])) === 1;
  }

  /** Drops the view and stops fills older than `revision` for `ttlMs`; false when the entry was at that revision or newer. */
  async invalidate(key: string, revision: bigint, ttlMs: number): Promise<boolean> {
    return (await invalidateScript.run(this.redis, key, [revision.toString(), ttlMs])) === 1;
  }
}
