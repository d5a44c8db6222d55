-- The account read models the query API serves (its READ-MODEL CONTRACT: names and types are
-- part of it). Amounts are bigint minor units; timestamps come from the event's occurredAt.

CREATE TABLE account_summary (
  account_id uuid PRIMARY KEY,
  owner_id uuid NOT NULL,
  currency text NOT NULL,
  balance_minor bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'frozen', 'closed')),
  revision bigint NOT NULL,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX account_summary_by_owner ON account_summary (owner_id, account_id);
CREATE INDEX account_summary_by_status ON account_summary (status, account_id);

CREATE TABLE account_transactions (
  account_id uuid NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL CHECK (type IN ('deposit', 'withdrawal')),
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  balance_after_minor bigint NOT NULL,
  reference text,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, revision)
);
