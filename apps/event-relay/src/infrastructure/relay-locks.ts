/**
 * The relay's PostgreSQL advisory locks use the two-key form (class, key). Two-key locks live
 * in a keyspace apart from the one-bigint locks the event store takes (its append and migration
 * locks), so no hash collision can ever make the relay block a writer. The class is "RELY" in
 * ASCII, to be recognisable in pg_locks.
 */
export const relayLockClass = 0x52454c59;
