-- Per-device acknowledgement (docs/PROTOCOL.md §5.9 "Devices", decision 0035-devices-per-device-acks).
-- A participant (recipient) may read with several devices. A device names itself with an optional
-- device_id on GetMessagesPaginated, GetMessageStream and AcknowledgeMessages (and RegisterPushTarget):
-- it is then a known device of the recipient. A device does not see what IT acknowledged; a message
-- is deleted once every known device of its recipient acknowledged it (or when it expires). An
-- acknowledgement without device_id deletes the message for every device, as before V7.

CREATE TABLE recipient_devices (
    recipient_id   TEXT        NOT NULL,
    device_id      TEXT        NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (recipient_id, device_id)
);
COMMENT ON TABLE recipient_devices IS 'Known devices of a recipient: every device id it named on a read, an acknowledgement or a push target registration. A message is deleted once each of them acknowledged it.';
COMMENT ON COLUMN recipient_devices.recipient_id IS 'Recipient identity: participant DID or holder key id (as messages.recipient_id).';
COMMENT ON COLUMN recipient_devices.device_id IS 'The recipient''s own name for the device, 1..64 characters of [A-Za-z0-9._-] (the same names as push_targets.device_id).';
COMMENT ON COLUMN recipient_devices.first_seen_at IS 'When the device first named itself; messages acknowledged by every other device before then were already deleted.';

CREATE TABLE device_acknowledgements (
    recipient_id  TEXT        NOT NULL,
    device_id     TEXT        NOT NULL,
    message_id    UUID        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (recipient_id, device_id, message_id)
);
COMMENT ON TABLE device_acknowledgements IS 'Which device acknowledged which still waiting message; rows go with their message (deleted with it, or purged by the retention job once the message expired).';
COMMENT ON COLUMN device_acknowledgements.recipient_id IS 'Recipient of the message (messages.recipient_id).';
COMMENT ON COLUMN device_acknowledgements.device_id IS 'The device that acknowledged it (recipient_devices.device_id).';
COMMENT ON COLUMN device_acknowledgements.message_id IS 'The acknowledged message (messages.id).';
COMMENT ON COLUMN device_acknowledgements.received_at IS 'The message''s received_at: finds the message in its partition, and lets the retention job purge rows of expired messages.';
CREATE INDEX device_acknowledgements_received_idx ON device_acknowledgements (received_at);
