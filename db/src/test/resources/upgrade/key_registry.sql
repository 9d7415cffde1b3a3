-- Data of a running 0.1.0 key registry (schema version 1): a DID and a connection with keys and
-- their append-only, hash-chained events.
INSERT INTO key_registry.key_owners (owner_id, owner_type, created_at, head_sequence, head_hash)
VALUES ('did:example:issuer', 'DID', now() - interval '10 days', 2, 'hash-2'),
       ('00000000-0000-0000-0000-000000000001', 'CONNECTION', now() - interval '8 days', 1, 'hash-c1');
INSERT INTO key_registry.keys (key_id, owner_id, usage, curve, public_jwk, created_at, revoked_at,
                               replaces_key_id)
VALUES ('issuer-auth-1', 'did:example:issuer', 'AUTHENTICATION', 'Ed25519', '{"x":"a1"}',
        now() - interval '10 days', now() - interval '1 day', NULL),
       ('issuer-auth-2', 'did:example:issuer', 'AUTHENTICATION', 'Ed25519', '{"x":"a2"}',
        now() - interval '1 day', NULL, 'issuer-auth-1'),
       ('holder-comm-1', '00000000-0000-0000-0000-000000000001', 'COMMUNICATION', 'X25519',
        '{"x":"c1"}', now() - interval '8 days', NULL, NULL);
INSERT INTO key_registry.key_events (owner_id, sequence, event_type, key_id, usage, public_jwk,
                                     replaced_key_id, replaced_key_revoked_at, occurred_at,
                                     previous_hash, event_hash, signer_key_id, signed_method,
                                     signed_nonce, signed_at_millis, signed_payload, signature)
VALUES ('did:example:issuer', 1, 'ADDED', 'issuer-auth-1', 'AUTHENTICATION', '{"x":"a1"}', NULL,
        NULL, now() - interval '10 days', 'genesis', 'hash-1', 'issuer-auth-1',
        'credrelay.keyregistry.v1.KeyRegistryService/RegisterDid', 'bm9uY2U', 1700000000000,
        '\x0102'::bytea, '\x0304'::bytea),
       ('did:example:issuer', 2, 'ROTATED', 'issuer-auth-2', 'AUTHENTICATION', '{"x":"a2"}',
        'issuer-auth-1', now() - interval '1 day', now() - interval '1 day', 'hash-1', 'hash-2',
        'issuer-auth-1', 'credrelay.keyregistry.v1.KeyRegistryService/RotateDidKey', 'bm9uY2U2',
        1700000001000, '\x0506'::bytea, '\x0708'::bytea),
       ('00000000-0000-0000-0000-000000000001', 1, 'ADDED', 'holder-comm-1', 'COMMUNICATION',
        '{"x":"c1"}', NULL, NULL, now() - interval '8 days', 'genesis', 'hash-c1', 'connector-1',
        'credrelay.keyregistry.v1.KeyRegistryService/RegisterConnectionKeys', 'bm9uY2U3',
        1700000002000, '\x090a'::bytea, '\x0b0c'::bytea);
INSERT INTO key_registry.request_nonces (nonce, expires_at)
VALUES ('issuer-auth-2:bm9uY2U', now() + interval '1 minute');
