-- Group commit (append-batch.ts): the appends that wait while one commit is flushed go in the
-- next transaction together, so they share one lock acquisition, one NOTIFY and one WAL flush
-- instead of queueing for each in turn behind the store-wide lock (append_to_stream).
-- Each append runs in a subtransaction of its own and reports its own outcome, one row per
-- append in input order: a wrong expected revision or any other error fails that append
-- alone and leaves none of its events behind, never the others of the batch.
-- The batch's stream rows are locked first, all of them, in stream id order: every append
-- locks its stream row before the store-wide lock, and two batches (two instances) locking
-- their streams in call order could each hold a row the other waits for. (A stream row created
-- for an append that then fails stays, at revision -1, which reads as no stream.)
CREATE FUNCTION append_to_streams(p_appends jsonb)
RETURNS TABLE (next_expected_revision bigint, last_position bigint, error_code text, error_message text, error_detail text, error_constraint text)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  v_append jsonb;
  v_code text;
  v_message text;
  v_detail text;
  v_constraint text;
BEGIN
  INSERT INTO streams (stream_id, revision)
    SELECT DISTINCT a.value ->> 'streamId', -1::bigint FROM jsonb_array_elements(p_appends) AS a(value) ORDER BY 1
    ON CONFLICT DO NOTHING;
  PERFORM 1 FROM streams s
    WHERE s.stream_id IN (SELECT a.value ->> 'streamId' FROM jsonb_array_elements(p_appends) AS a(value))
    ORDER BY s.stream_id FOR UPDATE;

  FOR v_append IN SELECT a.value FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(value, ord) ORDER BY a.ord LOOP
    BEGIN
      RETURN QUERY SELECT r.next_expected_revision, r.last_position, NULL::text, NULL::text, NULL::text, NULL::text
        FROM append_to_stream(v_append ->> 'streamId', v_append ->> 'expected', v_append -> 'events') r;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_code = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL, v_constraint = CONSTRAINT_NAME;
      RETURN QUERY SELECT NULL::bigint, NULL::bigint, v_code, v_message, v_detail, v_constraint;
    END;
  END LOOP;
END;
$$;
