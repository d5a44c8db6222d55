-- One snapshot per stream (see snapshots.ts); a cache of folded state, never the truth.
CREATE TABLE snapshots (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL,
  schema_version integer NOT NULL,
  state jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);
