-- Push wake-up (docs/CONNECTOR.md "Push wake-up", decision 0032-push-wake-up): push targets of
-- devices, the transactional outbox of pending wake-ups, and which recipients have a live message
-- stream on which replica. Nothing here holds message content, sender or connection ids.

CREATE TABLE push_targets (
    recipient_id   TEXT        NOT NULL,
    device_id      TEXT        NOT NULL,
    provider       TEXT        NOT NULL CHECK (provider IN ('WEBHOOK', 'FCM', 'APNS')),
    token          TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_woken_at  TIMESTAMPTZ,
    PRIMARY KEY (recipient_id, device_id)
);
COMMENT ON TABLE push_targets IS 'Where to send a content-free wake-up for a device of a message recipient (RegisterPushTarget).';
COMMENT ON COLUMN push_targets.recipient_id IS 'The caller that registered the target: a participant DID or a holder authentication key id (same ids as messages.recipient_id).';
COMMENT ON COLUMN push_targets.device_id IS 'The caller''s own name for the device, 1..64 characters of [A-Za-z0-9._-].';
COMMENT ON COLUMN push_targets.provider IS 'Who delivers the wake-up: WEBHOOK, FCM or APNS.';
COMMENT ON COLUMN push_targets.token IS 'Opaque device token at the provider; passed to the notifier unchanged, never logged.';
COMMENT ON COLUMN push_targets.created_at IS 'When the target was registered or last replaced.';
COMMENT ON COLUMN push_targets.last_woken_at IS 'When the last wake-up was handed to the notifier successfully; coalescing counts from here.';

CREATE TABLE push_wake_ups (
    recipient_id  TEXT        NOT NULL,
    device_id     TEXT        NOT NULL,
    wake_up_id    UUID        NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    attempts      INTEGER     NOT NULL DEFAULT 0,
    generation    BIGINT      NOT NULL DEFAULT 1,
    PRIMARY KEY (recipient_id, device_id),
    FOREIGN KEY (recipient_id, device_id) REFERENCES push_targets (recipient_id, device_id) ON DELETE CASCADE
);
COMMENT ON TABLE push_wake_ups IS 'Outbox of pending wake-ups, at most one per device: written in the transaction that stores a message, sent by WakeUpDispatchJob (FOR UPDATE SKIP LOCKED).';
COMMENT ON COLUMN push_wake_ups.recipient_id IS 'Recipient of the push target (push_targets key).';
COMMENT ON COLUMN push_wake_ups.device_id IS 'Device of the push target (push_targets key).';
COMMENT ON COLUMN push_wake_ups.wake_up_id IS 'Random id sent as webhook-id; the same on every retry so a relay can drop duplicates.';
COMMENT ON COLUMN push_wake_ups.due_at IS 'When to send next: now, the end of the coalescing interval, a retry backoff, or the end of a dispatcher''s claim lease.';
COMMENT ON COLUMN push_wake_ups.attempts IS 'Delivery attempts so far; the wake-up is dropped after connector.messages.push.max-attempts.';
COMMENT ON COLUMN push_wake_ups.generation IS 'Incremented by every message queued for the device while the row exists: a wake-up that was in flight when more messages arrived is queued again instead of deleted.';
CREATE INDEX push_wake_ups_due_idx ON push_wake_ups (due_at);

CREATE TABLE stream_presence (
    recipient_id  TEXT        NOT NULL,
    replica_id    UUID        NOT NULL,
    live_until    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (recipient_id, replica_id)
);
COMMENT ON TABLE stream_presence IS 'Recipients with at least one open message stream, per connector replica; a row is live while live_until is in the future (heartbeat), so a crashed replica''s rows lapse by themselves.';
COMMENT ON COLUMN stream_presence.recipient_id IS 'Recipient with an open message stream (messages.recipient_id).';
COMMENT ON COLUMN stream_presence.replica_id IS 'Random id of the connector process holding the stream(s), new at every start.';
COMMENT ON COLUMN stream_presence.live_until IS 'Heartbeat time plus connector.messages.push.presence-ttl; the row is ignored (and deleted) after it.';
CREATE INDEX stream_presence_replica_idx ON stream_presence (replica_id);
