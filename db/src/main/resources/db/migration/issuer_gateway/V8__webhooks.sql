-- Tenant webhooks (issue 18 item 1, docs/ISSUER-GATEWAY.md "Webhooks"): a tenant registers endpoints
-- with an event-type filter; every delivery or connection state change writes one outbox row per
-- matching endpoint in the transaction of the change; a worker posts them (Standard Webhooks
-- headers and signature) at least once, with backoff, in order per endpoint and subject.

CREATE TABLE webhook_endpoints (
    id                         UUID        PRIMARY KEY,
    tenant_id                  UUID        NOT NULL REFERENCES tenants (id),
    url                        TEXT        NOT NULL,
    description                TEXT,
    event_types                TEXT[]      NOT NULL,
    secret_ciphertext          BYTEA       NOT NULL,
    previous_secret_ciphertext BYTEA,
    previous_secret_until      TIMESTAMPTZ,
    enabled                    BOOLEAN     NOT NULL,
    disabled_reason            TEXT,
    disabled_at                TIMESTAMPTZ,
    consecutive_failures       INTEGER     NOT NULL DEFAULT 0,
    failing_since              TIMESTAMPTZ,
    last_success_at            TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE webhook_endpoints IS 'A tenant''s webhook endpoints (receivers of its delivery and connection events).';
COMMENT ON COLUMN webhook_endpoints.id IS 'Endpoint id (REST /api/v1/webhooks/{id}).';
COMMENT ON COLUMN webhook_endpoints.tenant_id IS 'Owning tenant; every query is scoped by it.';
COMMENT ON COLUMN webhook_endpoints.url IS 'Absolute http(s) URL the events are POSTed to.';
COMMENT ON COLUMN webhook_endpoints.description IS 'Free text of the tenant, or null.';
COMMENT ON COLUMN webhook_endpoints.event_types IS 'Event types (e.g. delivery.sent) sent to this endpoint; empty = all.';
COMMENT ON COLUMN webhook_endpoints.secret_ciphertext IS 'Signing secret (whsec_...), encrypted with the key-encryption key (AtRestCipher, purpose webhook-secret, row id = endpoint id).';
COMMENT ON COLUMN webhook_endpoints.previous_secret_ciphertext IS 'The secret replaced by the last rotation (encrypted like secret_ciphertext, purpose webhook-previous-secret); it also signs until previous_secret_until.';
COMMENT ON COLUMN webhook_endpoints.previous_secret_until IS 'End of the rotation overlap: until then every request carries a signature with each secret.';
COMMENT ON COLUMN webhook_endpoints.enabled IS 'False once disabled (by the tenant, or after failing for too long); nothing is posted while false.';
COMMENT ON COLUMN webhook_endpoints.disabled_reason IS 'Why it was disabled (shown by GET), null while enabled.';
COMMENT ON COLUMN webhook_endpoints.disabled_at IS 'When it was disabled, null while enabled.';
COMMENT ON COLUMN webhook_endpoints.consecutive_failures IS 'Failed requests since the last success.';
COMMENT ON COLUMN webhook_endpoints.failing_since IS 'First failed request since the last success, or null.';
COMMENT ON COLUMN webhook_endpoints.last_success_at IS 'Last request answered with 2xx, or null.';
COMMENT ON COLUMN webhook_endpoints.created_at IS 'Creation time.';
COMMENT ON COLUMN webhook_endpoints.updated_at IS 'Last change.';
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id);

CREATE TABLE webhook_events (
    seq             BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              UUID        NOT NULL UNIQUE,
    endpoint_id     UUID        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    tenant_id       UUID        NOT NULL,
    event_type      TEXT        NOT NULL,
    subject_id      UUID        NOT NULL,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);
COMMENT ON TABLE webhook_events IS 'The webhook outbox: one row per event and endpoint, written in the transaction of the state change it reports.';
COMMENT ON COLUMN webhook_events.seq IS 'Insertion order; events of one endpoint and subject are posted in this order.';
COMMENT ON COLUMN webhook_events.id IS 'The webhook-id header (msg_<id without dashes>); the same on every retry, so receivers can deduplicate.';
COMMENT ON COLUMN webhook_events.endpoint_id IS 'The receiving endpoint; its rows go with it.';
COMMENT ON COLUMN webhook_events.tenant_id IS 'The tenant whose delivery or connection changed.';
COMMENT ON COLUMN webhook_events.event_type IS 'Event type, e.g. delivery.sent or connection.verified.';
COMMENT ON COLUMN webhook_events.subject_id IS 'Delivery or connection id; events of one subject are posted in order.';
COMMENT ON COLUMN webhook_events.payload IS 'The exact JSON body posted (type, timestamp, data); ids and states only, never credential content.';
COMMENT ON COLUMN webhook_events.status IS 'PENDING (to be posted), DELIVERED (a 2xx answer), FAILED (given up after the retry period).';
COMMENT ON COLUMN webhook_events.attempts IS 'Requests made so far.';
COMMENT ON COLUMN webhook_events.next_attempt_at IS 'When the next request is due.';
COMMENT ON COLUMN webhook_events.lease_owner IS 'Worker holding the row while posting it, or null.';
COMMENT ON COLUMN webhook_events.lease_until IS 'End of that lease; after it another worker may take the row.';
COMMENT ON COLUMN webhook_events.last_error IS 'What the last failed request got (status code or I/O error), or null.';
COMMENT ON COLUMN webhook_events.created_at IS 'When the state change happened; retries stop at created_at + gateway.webhooks.max-retry-duration.';
COMMENT ON COLUMN webhook_events.finished_at IS 'When it became DELIVERED or FAILED.';
-- The worker's claim: pending rows by due time (the partial index holds only the open work).
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE status = 'PENDING';
-- The order check: an earlier pending row of the same endpoint and subject.
CREATE INDEX webhook_events_pending_subject ON webhook_events (endpoint_id, subject_id, seq)
    WHERE status = 'PENDING';
