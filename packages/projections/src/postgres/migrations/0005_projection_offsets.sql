-- Where each projection stands on each Kafka partition: the next offset it has to read. Written
-- in the same transaction as the projection's rows (and, for a MongoDB read model, in the
-- PostgreSQL transaction that guards its writes), so what it applied and how far it read can
-- never disagree. One projector instance fetches a topic once for all its projections; on
-- assignment a partition is read from the lowest of them, and each skips what it already has.
-- Keyed by projection, not by read-model copy: a rebuild's swap keeps the live offsets, which
-- the swapped-in copy has already passed (it holds everything committed when it was swapped).
CREATE TABLE projection_offsets (
  projection text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL CHECK (partition >= 0),
  next_offset bigint NOT NULL CHECK (next_offset >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, topic, partition)
);
