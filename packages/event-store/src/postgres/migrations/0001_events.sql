-- Runs with search_path set to the store's schema (see migrate.ts), so names are unqualified.

-- One row per stream: its FOR UPDATE lock serializes appends to that stream, and its
-- revision (-1 = no event yet) is what expectedRevision is checked against.
CREATE TABLE streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);

CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL,
  stream_revision bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- readAll stops before rows whose transaction may still be in flight (see read-all.ts).
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, stream_revision)
);

-- The whole append in one round trip. p_expected is 'any' | 'no_stream' | 'stream_exists' |
-- a decimal revision; p_events is a JSON array of {eventId, type, schemaVersion, data, metadata}.
-- Raises SQLSTATE 'LE409' (DETAIL = actual revision, -1 for no stream) on a mismatch.
CREATE FUNCTION append_to_stream(p_stream_id text, p_expected text, p_events jsonb)
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

  -- Idempotent repeat: the same ids already stored, in order, at consecutive revisions.
  IF v_count > 0 THEN
    SELECT min(e.stream_revision), count(*) INTO v_first, v_matches
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
      JOIN events e ON e.event_id = (n.event ->> 'eventId')::uuid
     WHERE e.stream_id = p_stream_id AND e.stream_revision - n.ord = (
       SELECT e0.stream_revision - 1 FROM events e0
        WHERE e0.event_id = (p_events -> 0 ->> 'eventId')::uuid);
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
