-- The relay's progress: per relay name, the position in $all of the last event Kafka acknowledged.
-- IF NOT EXISTS: relays before migrations existed here created this same table at start.
CREATE TABLE IF NOT EXISTS checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
