-- Owner ids are the bank's own customer ids (API.md): opaque, case-sensitive text of 1 to 64
-- characters, rarely UUIDs. The column changes type in place, keeping every row: a UUID already
-- stored becomes the text it was written as (lower case, as the command side kept it then), so
-- no rebuild is needed. COLLATE "C": an id compares byte for byte, never by a locale's rules.
-- A rebuild's shadow copies (`account_summary__<copy>`, created LIKE the live table before this
-- ran) change too: a running rebuild keeps writing them, and promoting one that still had the
-- uuid column would bring it back. The ALTER rewrites each table under an exclusive lock: the
-- projector and the query API wait for it, for about as long as a copy of the table takes.
DO $$
DECLARE
  v_table text;
BEGIN
  FOR v_table IN
    SELECT c.table_name FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.column_name = 'owner_id' AND c.udt_name = 'uuid'
       AND (c.table_name = 'account_summary' OR c.table_name LIKE 'account\_summary\_\_%')
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN owner_id TYPE text COLLATE "C"', v_table);
  END LOOP;
END;
$$;
