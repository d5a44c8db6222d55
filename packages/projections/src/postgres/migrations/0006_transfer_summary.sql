-- The transfer read model the query API serves (GET /transfers/{id}): one row per transfer,
-- its terms as requested and where it stands. Part of the READ-MODEL CONTRACT like the account
-- tables: amounts are bigint minor units, timestamps the events' occurredAt.
--
-- status is what clients see (API.md): 'pending' until the accounts have answered for good.
-- failure_code is the refusing account's code as soon as it is known: a 'pending' row with one
-- is a transfer whose credit was refused and whose refund is still outstanding (the query API
-- shows the code only once the transfer is final). Owner ids compare byte for byte (COLLATE
-- "C", as in 0004): a customer sees a transfer when one of them is theirs.
CREATE TABLE transfer_summary (
  transfer_id uuid PRIMARY KEY,
  from_account_id uuid NOT NULL,
  from_owner_id text COLLATE "C" NOT NULL,
  to_account_id uuid NOT NULL,
  to_owner_id text COLLATE "C" NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency text NOT NULL,
  reference text,
  status text NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'reversed')),
  failure_code text,
  revision bigint NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
