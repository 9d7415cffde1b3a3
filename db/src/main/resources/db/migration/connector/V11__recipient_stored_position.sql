-- Each recipient's last stored received_at, kept with its queue bound, so that the send statement
-- starts the next message from one row instead of max(received_at) over every partition of
-- connector.messages (decision 0059-conndb2). The send statement writes it under the recipient's
-- advisory lock, as the received_at of the last message it stored for the recipient; so it is
-- never below a stored message's received_at of that recipient, and never below the recipient's
-- acknowledged position (acknowledgements only delete stored messages). A missing row (first send,
-- purged bound) or a NULL position falls back to recipient_start_after below.
ALTER TABLE recipient_queue_bounds ADD COLUMN last_received_at TIMESTAMPTZ;
COMMENT ON COLUMN recipient_queue_bounds.last_received_at IS 'received_at of the last message stored for the recipient by a connector of V11 or later; NULL when unknown (a writer of an earlier version updated the row: trigger recipient_queue_bounds_position_unmoved). The next message is received after it.';

-- Rolling upgrade: a connector of the previous version stores messages and updates this row
-- without knowing the column, so the position it leaves behind would be stale. Every update of the
-- current version moves the position forward (it stores the received_at of a message it has just
-- stored, after the previous one), so an update that leaves it unchanged came from an older writer:
-- forget the position, and the next send of the current version falls back to the maximum over the
-- partitions. The WHEN clause is evaluated without a function call; the function runs only for the
-- older writer's updates. Inserts of the older writer leave the column NULL by default.
CREATE FUNCTION recipient_queue_bounds_forget_position() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.last_received_at := NULL;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION recipient_queue_bounds_forget_position() IS 'Clears recipient_queue_bounds.last_received_at on an update that did not move it (a writer of a version before V11).';
CREATE TRIGGER recipient_queue_bounds_position_unmoved
  BEFORE UPDATE ON recipient_queue_bounds
  FOR EACH ROW
  WHEN (NEW.last_received_at IS NOT DISTINCT FROM OLD.last_received_at)
  EXECUTE FUNCTION recipient_queue_bounds_forget_position();

-- The fallback start of a recipient's next message when its stored position is unknown: the later
-- of its newest stored message and its acknowledged position (MessageAcknowledgementStore). A
-- PL/pgSQL function on purpose: its query is planned apart from the send statement that calls it
-- (a LANGUAGE sql function would be inlined, putting the scan of every partition back into the
-- send statement's plan) and runs only when called. STABLE: it reads with the calling statement's
-- snapshot, which was taken after the recipient's advisory lock.
CREATE FUNCTION recipient_start_after(recipient text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN GREATEST(
      (SELECT max(m.received_at) FROM connector.messages m WHERE m.recipient_id = recipient),
      (SELECT a.last_received_at FROM connector.acknowledged_positions a
       WHERE a.recipient_id = recipient));
END $$;
COMMENT ON FUNCTION recipient_start_after(text) IS 'Latest of the recipient''s newest message and acknowledged position; the send statement''s fallback when recipient_queue_bounds has no position for the recipient.';
