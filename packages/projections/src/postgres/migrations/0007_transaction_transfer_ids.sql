-- A money movement made for a transfer (its debit, credit or refund) names the transfer
-- (API.md: "Transaction rows of both accounts carry transferId"); NULL for every other one.
-- Added last, so inserts that list no columns keep their meaning. A rebuild's shadow copies
-- (`account_transactions__<copy>`, created LIKE the live table before this ran) get the column
-- too: a running rebuild keeps writing them, and promoting one without it would drop it again.
-- Adding a nullable column without a default rewrites nothing; the lock it takes is brief.
DO $$
DECLARE
  v_table text;
BEGIN
  FOR v_table IN
    SELECT t.table_name FROM information_schema.tables t
     WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND (t.table_name = 'account_transactions' OR t.table_name LIKE 'account\_transactions\_\_%')
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN transfer_id uuid', v_table);
  END LOOP;
END;
$$;
