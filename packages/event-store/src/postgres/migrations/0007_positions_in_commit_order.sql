-- Every insert into events draws its positions under the store-wide lock that the append
-- functions take, held until commit: now also a writer that bypasses them (a script, a repair,
-- a function added later) cannot commit a position below one a reader already passed. With it,
-- any snapshot sees a prefix of $all, which is all readAll needs. The xid column that let
-- readAll also cut its pages at the oldest running transaction is dropped: that cut held the
-- relay back behind any transaction open anywhere in the cluster (see read-all.ts).
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

ALTER TABLE events DROP COLUMN transaction_id;
