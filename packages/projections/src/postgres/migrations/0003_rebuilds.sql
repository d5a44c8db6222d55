-- Rebuilds (ARCHITECTURE.md, "Replay"): a read model is rebuilt from the event store into a
-- shadow copy and swapped in; these tables say which copy is live and how each rebuild went.

-- One row per projection: the version its live read model was built by, and, for read models
-- swapped by pointer (MongoDB collections), the suffix of the live copy ('' = the read model's
-- own name). PostgreSQL tables are renamed into place instead, so their live_copy stays ''.
CREATE TABLE projection_versions (
  projection text PRIMARY KEY,
  version integer NOT NULL,
  live_copy text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every rebuild and its checkpoint: `position` is the last store position applied to the shadow
-- copy, written in the same transaction as the shadow's PostgreSQL rows, so a rebuild that was
-- killed resumes exactly where it stopped.
CREATE TABLE projection_rebuilds (
  id uuid PRIMARY KEY,
  projection text NOT NULL,
  version integer NOT NULL,
  reason text NOT NULL CHECK (reason IN ('requested', 'version-changed')),
  state text NOT NULL CHECK (state IN ('running', 'swapping', 'completed', 'failed', 'abandoned')),
  copy text NOT NULL,
  position bigint,
  processed bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL DEFAULT 0,
  events_per_second double precision NOT NULL DEFAULT 0,
  eta_seconds double precision,
  error text,
  -- The copy the swap retired ('' = the read model's own name), dropped once drop_after passed.
  retired_copy text,
  drop_after timestamptz,
  dropped_at timestamptz,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- At most one rebuild of a projection at a time, whichever projector instance runs it.
CREATE UNIQUE INDEX projection_rebuilds_one_active ON projection_rebuilds (projection) WHERE state IN ('running', 'swapping');
CREATE INDEX projection_rebuilds_retired ON projection_rebuilds (drop_after) WHERE retired_copy IS NOT NULL AND dropped_at IS NULL;

-- A rebuild applies every event of the store, the dead-lettered ones included: their entries
-- are then settled by the rebuild ('superseded'), not by an operator.
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_status_check;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_status_check
  CHECK (status IN ('open', 'waiting', 'retried', 'released', 'skipped', 'superseded'));
