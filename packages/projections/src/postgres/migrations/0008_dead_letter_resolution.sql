-- Who resolved a dead letter by hand (the operator's token subject) and, for a skip, why:
-- an event skipped is a read-model change nobody can see afterwards, so the decision is kept
-- with it (the console and `ledger dead-letters skip --reason` ask for one). NULL for entries
-- resolved before this release, for a released or superseded one (no operator decided), and
-- while unresolved. Nullable columns without a default: nothing is rewritten, the lock is brief.
ALTER TABLE dead_letters ADD COLUMN resolved_by text;
ALTER TABLE dead_letters ADD COLUMN resolution_reason text;
