/**
 * Key registry service. Features: {@code did} (DID entries and their key changes), {@code
 * connection} (holder connection keys), {@code key} (keys and lookups), {@code history} (the
 * append-only, hash-chained key event log and its client-side verifier), {@code auth} (signed
 * requests, nonces, the operator token), {@code api} (the gRPC contract), {@code error} (the one
 * error model) and {@code config}. Inside a feature, packages are by role: {@code grpc}, {@code
 * rest}, {@code service}, {@code store}.
 */
package org.credrelay.keyregistry;
