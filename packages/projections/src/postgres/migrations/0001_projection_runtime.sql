-- Runs with search_path set to the read-model schema (see migrate.ts), so names are unqualified.

-- The idempotency guard of every PostgreSQL projection: the last revision of each stream it
-- applied, written in the same transaction as its rows. A redelivered event at or below it is
-- a duplicate; one above it + 1 reveals a gap (healed from the event store).
CREATE TABLE projection_stream_revisions (
  projection text NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  PRIMARY KEY (projection, stream_id)
);

-- Events a projection could not apply ('open'), and the later events of their streams parked
-- behind them in arrival order ('waiting'), until an operator retries or skips the open one.
-- One entry per event: dedupe_key is the event id, or the Kafka coordinates of a record that
-- never decoded. The record is kept byte for byte, so a retry decodes exactly what arrived.
CREATE TABLE dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  projection text NOT NULL,
  dedupe_key text NOT NULL,
  event_id text,
  stream_id text,
  revision bigint,
  position bigint,
  type text,
  status text NOT NULL CHECK (status IN ('open', 'waiting', 'retried', 'released', 'skipped')),
  error text,
  attempts integer NOT NULL,
  blocked_by bigint REFERENCES dead_letters (id),
  source_topic text NOT NULL,
  source_partition integer,
  source_offset bigint,
  record_key text,
  record_value bytea,
  record_headers jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (projection, dedupe_key)
);

-- Every batch asks which of its streams are held: only unresolved entries matter.
CREATE INDEX dead_letters_unresolved ON dead_letters (projection, stream_id, id) WHERE status IN ('open', 'waiting');
CREATE INDEX dead_letters_by_status ON dead_letters (projection, status, id);
