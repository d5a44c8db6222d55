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
-- The common batch (each stream once, every expected revision right, only new event ids) is
-- written set-wise: one INSERT of all its events and one UPDATE of its streams, a fifth of the
-- cost of appending one by one. Anything else, or any error on the way, falls back to one
-- append_to_stream per append, which decides each outcome alone.
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

  BEGIN
    IF (
      WITH a AS (
        SELECT x.value ->> 'streamId' AS stream_id, x.value ->> 'expected' AS expected, x.value -> 'events' AS events
          FROM jsonb_array_elements(p_appends) AS x(value)
      ), ids AS (
        SELECT (ev.value ->> 'eventId')::uuid AS event_id FROM a, jsonb_array_elements(a.events) AS ev(value)
      )
      SELECT count(DISTINCT a.stream_id) = count(*)
         AND bool_and(jsonb_array_length(a.events) > 0 AND (
               a.expected = 'any'
            OR (a.expected = 'no_stream' AND s.revision = -1)
            OR (a.expected = 'stream_exists' AND s.revision >= 0)
            OR (a.expected ~ '^[0-9]+$' AND a.expected::bigint = s.revision)))
         AND (SELECT count(DISTINCT ids.event_id) = count(*) FROM ids)
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id IN (SELECT ids.event_id FROM ids))
        FROM a JOIN streams s ON s.stream_id = a.stream_id
    ) THEN
      -- As in append_to_stream: positions are drawn under the store-wide lock, held to commit.
      PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.events')::bigint);
      RETURN QUERY
      WITH a AS (
        SELECT x.ord, x.value ->> 'streamId' AS stream_id, x.value -> 'events' AS events, s.revision AS current_revision
          FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS x(value, ord)
          JOIN streams s ON s.stream_id = x.value ->> 'streamId'
      ), inserted AS (
        INSERT INTO events (stream_id, stream_revision, event_id, type, schema_version, data, metadata)
        SELECT a.stream_id, a.current_revision + n.ord, (n.event ->> 'eventId')::uuid, n.event ->> 'type',
               (n.event ->> 'schemaVersion')::integer, n.event -> 'data', n.event -> 'metadata'
          FROM a, jsonb_array_elements(a.events) WITH ORDINALITY AS n(event, ord)
         ORDER BY a.ord, n.ord
        RETURNING events.stream_id, events.position
      ), bumped AS (
        UPDATE streams s SET revision = a.current_revision + jsonb_array_length(a.events)
          FROM a WHERE s.stream_id = a.stream_id
      )
      SELECT a.current_revision + jsonb_array_length(a.events), (SELECT max(i.position) FROM inserted i WHERE i.stream_id = a.stream_id),
             NULL::text, NULL::text, NULL::text, NULL::text
        FROM a ORDER BY a.ord;
      RETURN;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    -- Rolled back to before the attempt; one by one below says which append failed and why.
    NULL;
  END;

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
