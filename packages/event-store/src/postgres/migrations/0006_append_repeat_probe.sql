-- append_to_stream as 0001 defined it, but for how it recognises an idempotent repeat (see the
-- comment inside): the common append, with new event ids, no longer reads the stream at all.
CREATE OR REPLACE FUNCTION append_to_stream(p_stream_id text, p_expected text, p_events jsonb)
RETURNS TABLE (next_expected_revision bigint, last_position bigint)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  v_count bigint := jsonb_array_length(p_events);
  v_current bigint;
  v_first bigint;
  v_matches bigint;
BEGIN
  -- ON CONFLICT waits for a concurrent creator, so both then lock the same row.
  INSERT INTO streams (stream_id, revision) VALUES (p_stream_id, -1) ON CONFLICT DO NOTHING;
  SELECT s.revision INTO v_current FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;

  -- Idempotent repeat: the same ids already stored, in order, at consecutive revisions. Found
  -- by the first event's id, one probe of its unique index; only then are the others compared.
  -- (A single join on the stream, as 0001 had it, was planned as a scan of the whole stream:
  -- every append paid for the stream's length.)
  IF v_count > 0 THEN
    SELECT e0.stream_revision INTO v_first FROM events e0
     WHERE e0.event_id = (p_events -> 0 ->> 'eventId')::uuid AND e0.stream_id = p_stream_id;
    IF FOUND THEN
      SELECT count(*) INTO v_matches
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
        JOIN events e ON e.event_id = (n.event ->> 'eventId')::uuid
       WHERE e.stream_id = p_stream_id AND e.stream_revision = v_first + n.ord - 1;
      IF v_matches = v_count AND (
           p_expected = 'any'
        OR (p_expected = 'no_stream' AND v_first = 0)
        OR (p_expected = 'stream_exists' AND v_first > 0)
        OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_first - 1)) THEN
        RETURN QUERY SELECT e.stream_revision, e.position FROM events e
          WHERE e.stream_id = p_stream_id AND e.stream_revision = v_first + v_count - 1;
        RETURN;
      END IF;
    END IF;
  END IF;

  IF NOT (p_expected = 'any'
      OR (p_expected = 'no_stream' AND v_current = -1)
      OR (p_expected = 'stream_exists' AND v_current >= 0)
      OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_current)) THEN
    RAISE EXCEPTION 'wrong expected version for %', p_stream_id
      USING ERRCODE = 'LE409', DETAIL = v_current::text;
  END IF;

  IF v_count = 0 THEN
    RETURN QUERY SELECT v_current, coalesce(
      (SELECT e.position FROM events e WHERE e.stream_id = p_stream_id AND e.stream_revision = v_current), -1::bigint);
    RETURN;
  END IF;

  -- Positions are drawn under one store-wide lock held until commit, so position order is
  -- commit order: no transaction can commit a position below one a reader already passed
  -- (see read-all.ts). Taken after the checks so a conflicting append never waits for it.
  PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.events')::bigint);

  RETURN QUERY
  WITH inserted AS (
    INSERT INTO events (stream_id, stream_revision, event_id, type, schema_version, data, metadata)
    SELECT p_stream_id, v_current + n.ord, (n.event ->> 'eventId')::uuid, n.event ->> 'type',
           (n.event ->> 'schemaVersion')::integer, n.event -> 'data', n.event -> 'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
     ORDER BY n.ord
    RETURNING events.position
  ), bumped AS (
    UPDATE streams SET revision = v_current + v_count WHERE stream_id = p_stream_id
  )
  SELECT v_current + v_count, max(i.position) FROM inserted i;
END;
$$;
