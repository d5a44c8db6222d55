-- Wakes catch-up subscriptions (subscribe-to-all.ts) instead of making them poll.
-- NOTIFY is delivered at commit, and identical notifications of one transaction are folded
-- into one, so a statement-level trigger costs one message per appending transaction.
-- The channel is derived from the schema, so stores in different schemas never wake each
-- other; md5 keeps it under the 63-byte identifier limit for any schema name.
CREATE FUNCTION notify_events_appended()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify('events_' || md5(TG_TABLE_SCHEMA), '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_appended
  AFTER INSERT ON events
  FOR EACH STATEMENT
  EXECUTE FUNCTION notify_events_appended();
