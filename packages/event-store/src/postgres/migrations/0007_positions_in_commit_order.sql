-- Every insert into events draws its positions under the store-wide lock that the append
-- functions take, held until commit: now also a writer that bypasses them (a script, a repair,
-- a function added later) cannot commit a position below one a reader already passed. With it,
-- any snapshot sees a prefix of $all, which is all readAll needs. readAll no longer cuts its
-- pages at the oldest running transaction (the xid column, transaction_id), which held the relay
-- back behind any transaction open anywhere in the cluster (see read-all.ts). The column stays
-- for now: a relay of the previous release still reads it during a rolling upgrade.
CREATE FUNCTION events_positions_in_commit_order() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- The same key as append_to_stream's (current_schema() there is this table's schema).
  PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.events')::bigint);
  RETURN NULL;
END
$$;

-- Per statement and before it: the lock is held before the first position is drawn.
CREATE TRIGGER events_positions_in_commit_order
  BEFORE INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_positions_in_commit_order();
