-- Data of a running 0.1.0 issuer gateway (schema version 5): a tenant with keys and API keys, an
-- invitation and its verified connection, deliveries in several states, a holder key history.
INSERT INTO issuer_gateway.tenants (id, name, did, did_derived, registry_registered_at,
                                    connector_registered_at, created_at)
VALUES ('10000000-0000-0000-0000-000000000001', 'Demo University', 'did:example:issuer', true,
        now() - interval '10 days', now() - interval '10 days', now() - interval '10 days');
INSERT INTO issuer_gateway.tenant_keys (id, tenant_id, usage, kid, public_jwk,
                                        private_jwk_ciphertext, status, created_at, activated_at,
                                        curve)
VALUES ('20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
        'AUTHENTICATION', 'auth-1', '{"kty":"OKP","crv":"Ed25519","x":"a1"}', '\x0101'::bytea,
        'ACTIVE', now() - interval '10 days', now() - interval '10 days', 'ED25519'),
       ('20000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000001',
        'COMMUNICATION', 'comm-1', '{"kty":"OKP","crv":"X25519","x":"c1"}', '\x0202'::bytea,
        'ACTIVE', now() - interval '10 days', now() - interval '10 days', 'X25519');
INSERT INTO issuer_gateway.api_keys (key_hash, tenant_id, created_at, key_id, label, scopes)
VALUES ('\xaa'::bytea, '10000000-0000-0000-0000-000000000001', now() - interval '10 days',
        'key-1', 'portal', ARRAY['issue']);
INSERT INTO issuer_gateway.invitations (id, tenant_id, connector_connection_id, token,
                                        uri_ciphertext, label, expires_at, created_at)
VALUES ('30000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
        '00000000-0000-0000-0000-000000000001', 'token-1', '\x03'::bytea, 'Ada',
        now() + interval '1 day', now() - interval '8 days'),
       ('30000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000001',
        '00000000-0000-0000-0000-000000000002', 'token-2', '\x04'::bytea, 'Bob',
        now() + interval '1 day', now() - interval '1 hour');
INSERT INTO issuer_gateway.connections (id, tenant_id, connector_connection_id, state,
                                        holder_key_id, pinned_auth_jwk, pinned_comm_jwk,
                                        pinned_comm_kid, safety_number, created_at, accepted_at,
                                        verified_at, updated_at, issuer_comm_kid,
                                        issuer_comm_kid_at)
VALUES ('30000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
        '00000000-0000-0000-0000-000000000001', 'VERIFIED', 'holder-1', '{"x":"ha"}',
        '{"x":"hc"}', 'holder-comm-1', '12345 67890', now() - interval '8 days',
        now() - interval '8 days', now() - interval '8 days', now() - interval '8 days', 'comm-1',
        now() - interval '8 days'),
       ('30000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000001',
        '00000000-0000-0000-0000-000000000002', 'INVITED', NULL, NULL, NULL, NULL, NULL,
        now() - interval '1 hour', NULL, NULL, now() - interval '1 hour', NULL, NULL);
INSERT INTO issuer_gateway.deliveries (id, tenant_id, connection_id, kind, credential_id,
                                       idempotency_key, item_index, status, failure_reason,
                                       payload_ciphertext, attempts, next_attempt_at,
                                       connector_message_id, created_at, sent_at, finished_at,
                                       updated_at)
VALUES ('40000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001',
        '30000000-0000-0000-0000-000000000001', 'CREDENTIAL', gen_random_uuid(), 'idem-1', 0,
        'SENT', NULL, NULL, 1, now() - interval '7 days', 'message-1', now() - interval '7 days',
        now() - interval '7 days', now() - interval '7 days', now() - interval '7 days'),
       ('40000000-0000-0000-0000-000000000002', '10000000-0000-0000-0000-000000000001',
        '30000000-0000-0000-0000-000000000001', 'CREDENTIAL', gen_random_uuid(), 'idem-2', 0,
        'ACCEPTED', NULL, '\x05'::bytea, 3, now() + interval '1 minute', NULL,
        now() - interval '1 hour', NULL, NULL, now() - interval '1 minute'),
       ('40000000-0000-0000-0000-000000000003', '10000000-0000-0000-0000-000000000001',
        '30000000-0000-0000-0000-000000000001', 'CREDENTIAL', gen_random_uuid(), 'idem-3', 0,
        'FAILED', 'holder key revoked', NULL, 8, now() - interval '2 days', NULL,
        now() - interval '3 days', NULL, now() - interval '2 days', now() - interval '2 days'),
       ('40000000-0000-0000-0000-000000000004', '10000000-0000-0000-0000-000000000001',
        '30000000-0000-0000-0000-000000000002', 'CREDENTIAL', gen_random_uuid(), 'idem-4', 0,
        'WAITING_FOR_HANDSHAKE', NULL, '\x06'::bytea, 0, now(), NULL, now() - interval '30 minutes',
        NULL, NULL, now() - interval '30 minutes');
INSERT INTO issuer_gateway.holder_key_histories (connection_id, head_sequence, head_hash,
                                                 verified_at)
VALUES ('30000000-0000-0000-0000-000000000001', 1, 'hash-c1', now() - interval '8 days');
INSERT INTO issuer_gateway.stream_cursors (tenant_id, last_seen_message_id, updated_at)
VALUES ('10000000-0000-0000-0000-000000000001', 'message-1', now());
INSERT INTO issuer_gateway.handshake_jtis (jti, expires_at) VALUES ('jti-1', now() + interval '1 hour');
