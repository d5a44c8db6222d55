-- How many times each live read model was replaced by a rebuild's swap, bumped in the swap's
-- transaction. A rebuild after a projection fix may answer differently at the same revision, so
-- a revision alone cannot tell a view of the replaced read model from one of its successor:
-- caches of read-model views (the query API's, docs/operations.md "Query cache") tag each view
-- with the generation it was read from and stop serving it once the generation moved.
ALTER TABLE projection_versions ADD COLUMN generation bigint NOT NULL DEFAULT 0;
