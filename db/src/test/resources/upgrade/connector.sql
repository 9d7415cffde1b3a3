-- Data of a running 0.1.0 connector (schema version 6): participants, holders, connections in each
-- state, waiting messages with and without client ids, acknowledgement positions, push targets.
INSERT INTO connector.participants (did, name, role, created_at)
VALUES ('did:example:issuer', 'Issuer', 'ISSUER', now() - interval '10 days'),
       ('did:example:verifier', 'Verifier', 'VERIFIER', now() - interval '9 days');
INSERT INTO connector.holders (key_id, public_jwk, created_at)
VALUES ('holder-1', '{"kty":"OKP","crv":"Ed25519","x":"AA"}', now() - interval '8 days');
INSERT INTO connector.connections (id, token, participant_did, holder_key_id, state, created_at,
                                   token_expires_at, connected_at, revoked_at, refused_accepts)
VALUES ('00000000-0000-0000-0000-000000000001', 'token-1', 'did:example:issuer', 'holder-1',
        'CONNECTED', now() - interval '8 days', now() - interval '7 days', now() - interval '8 days', NULL, 0),
       ('00000000-0000-0000-0000-000000000002', 'token-2', 'did:example:issuer', NULL,
        'INVITED', now() - interval '1 hour', now() + interval '1 day', NULL, NULL, 2),
       ('00000000-0000-0000-0000-000000000003', 'token-3', 'did:example:verifier', 'holder-1',
        'REVOKED', now() - interval '5 days', now() - interval '4 days', now() - interval '5 days',
        now() - interval '1 day', 0);
INSERT INTO connector.messages (id, connection_id, sender_id, recipient_id, received_at, content,
                                content_sha256, client_message_id)
SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'did:example:issuer', 'holder-1',
       now() - n * interval '1 minute', decode(repeat('ab', 100 + n), 'hex'), '\x01'::bytea,
       CASE WHEN n % 2 = 0 THEN 'client-' || n END
FROM generate_series(1, 25) AS n;
INSERT INTO connector.acknowledged_positions (recipient_id, last_received_at)
VALUES ('holder-1', now() - interval '2 hours');
INSERT INTO connector.push_targets (recipient_id, device_id, provider, token, created_at)
VALUES ('holder-1', 'phone', 'WEBHOOK', 'device-token', now() - interval '1 day');
INSERT INTO connector.rate_limit_buckets (id, state, expires_at)
VALUES ('sender:did:example:issuer', '\x00'::bytea, 4102444800000);
