-- Command idempotency keys (see idempotency.ts). A key's row is inserted in the same
-- transaction as the events its command appends, so "recorded" and "appended" are one fact.
CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  -- What the first request asked for (method, path, body digest): the same key with another
  -- request is refused instead of silently answered with the first result.
  fingerprint text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- The cleanup deletes by expiry in small batches.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
