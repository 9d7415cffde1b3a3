package org.credrelay.connector.error;

import io.grpc.Status;

/**
 * Why the connector refused or failed a request: the {@code google.rpc.ErrorInfo.reason} of every
 * gRPC error it returns (domain {@value GrpcErrorMapper#DOMAIN}). Each reason has exactly one gRPC
 * status code, and says whether the same request may succeed when retried later (then the status
 * also carries a {@code google.rpc.RetryInfo}). Clients branch on the reason, never on the message
 * text. The table of all reasons is in {@code proto/README.md}; keep both in step.
 */
public enum ErrorReason {
  /** The request bytes are not the RPC's request message, or it is missing. */
  MALFORMED_REQUEST(Status.Code.INVALID_ARGUMENT),
  /** A DID is not {@code did:<method>:<id>} of at most 512 characters. */
  INVALID_DID(Status.Code.INVALID_ARGUMENT),
  /** A participant name is blank or longer than 200 characters. */
  INVALID_PARTICIPANT_NAME(Status.Code.INVALID_ARGUMENT),
  /** A participant role is neither ISSUER nor VERIFIER. */
  INVALID_PARTICIPANT_ROLE(Status.Code.INVALID_ARGUMENT),
  /** A connection token is not well formed. */
  INVALID_TOKEN(Status.Code.INVALID_ARGUMENT),
  /** A token count is outside 1..max-tokens-per-request. */
  INVALID_TOKEN_COUNT(Status.Code.INVALID_ARGUMENT),
  /** A page limit is negative or above the maximum page size. */
  INVALID_PAGE_LIMIT(Status.Code.INVALID_ARGUMENT),
  /** An id field (connection id, message id) is not a UUID. */
  INVALID_ID(Status.Code.INVALID_ARGUMENT),
  /** A last-seen id is not one of the caller's connections or messages. */
  UNKNOWN_CURSOR(Status.Code.INVALID_ARGUMENT),
  /**
   * A holder key is missing, too large, not a public JWK of the right use, or refused by the
   * registry.
   */
  INVALID_HOLDER_KEY(Status.Code.INVALID_ARGUMENT),
  /** A message is empty, not a canonical AtalaMessage, has no message set or lacks a key id. */
  INVALID_MESSAGE(Status.Code.INVALID_ARGUMENT),
  /** A client message id is longer than 128 characters. */
  INVALID_CLIENT_MESSAGE_ID(Status.Code.INVALID_ARGUMENT),
  /** A SendMessages batch has no entries or more than max-batch-entries. */
  INVALID_BATCH_SIZE(Status.Code.INVALID_ARGUMENT),
  /** An AcknowledgeMessages request names no id or more than max-ids-per-request. */
  INVALID_ACKNOWLEDGEMENT_SIZE(Status.Code.INVALID_ARGUMENT),
  /** A push target's device id, provider or token is malformed (RegisterPushTarget). */
  INVALID_PUSH_TARGET(Status.Code.INVALID_ARGUMENT),
  /** A device id (reads, acknowledgements) is not 1..64 characters of [A-Za-z0-9._-]. */
  INVALID_DEVICE_ID(Status.Code.INVALID_ARGUMENT),

  /** A signed RPC without x-credrelay-* signature metadata (set by rpc-signing's interceptor). */
  MISSING_SIGNATURE(Status.Code.UNAUTHENTICATED),
  /** The signature metadata is not well formed (rpc-signing's interceptor). */
  MALFORMED_SIGNATURE_METADATA(Status.Code.UNAUTHENTICATED),
  /** The signature does not verify over the method, metadata and request bytes. */
  BAD_SIGNATURE(Status.Code.UNAUTHENTICATED),
  /** The signed timestamp is outside the accepted window: check the clock and re-sign. */
  STALE_TIMESTAMP(Status.Code.UNAUTHENTICATED),
  /** The nonce was already used: re-sign with a fresh nonce. */
  REPLAYED_NONCE(Status.Code.UNAUTHENTICATED),
  /** The signer key is unknown or not ACTIVE, or the caller cannot be authenticated otherwise. */
  REQUEST_NOT_AUTHENTICATED(Status.Code.UNAUTHENTICATED),
  /** The request is signed, but by a key other than the one the RPC requires. */
  WRONG_SIGNER(Status.Code.UNAUTHENTICATED),
  /** The holder's key binding proof does not verify. */
  KEY_BINDING_PROOF_INVALID(Status.Code.UNAUTHENTICATED),

  /** The caller is not a registered participant (issuer, verifier), or the RPC is for them only. */
  NOT_A_PARTICIPANT(Status.Code.PERMISSION_DENIED),
  /** The caller is not a side of the connection, or the token is not the caller's. */
  NOT_A_CONNECTION_SIDE(Status.Code.PERMISSION_DENIED),

  /** No connection has this token. */
  TOKEN_NOT_FOUND(Status.Code.NOT_FOUND),
  /** No connection has this id. */
  CONNECTION_NOT_FOUND(Status.Code.NOT_FOUND),

  /** The token was already accepted. */
  TOKEN_ALREADY_USED(Status.Code.FAILED_PRECONDITION),
  /** The token expired before it was accepted. */
  TOKEN_EXPIRED(Status.Code.FAILED_PRECONDITION),
  /** The connection was revoked. */
  CONNECTION_REVOKED(Status.Code.FAILED_PRECONDITION),
  /** The connection is not CONNECTED (INVITED or EXPIRED; REVOKED has its own reason). */
  CONNECTION_NOT_CONNECTED(Status.Code.FAILED_PRECONDITION),
  /** The key registry holds other holder keys for this connection. */
  CONNECTION_KEYS_CONFLICT(Status.Code.FAILED_PRECONDITION),
  /** The message kind is not in connector.messages.allowed-kinds (e.g. a plaintext credential). */
  MESSAGE_KIND_REFUSED(Status.Code.FAILED_PRECONDITION),
  /** EncryptedMessage.key_id is not an ACTIVE communication key of the recipient. */
  RECIPIENT_KEY_NOT_ACTIVE(Status.Code.FAILED_PRECONDITION),
  /** No notifier of this connector delivers for the push provider (e.g. no push relay). */
  PUSH_PROVIDER_UNSUPPORTED(Status.Code.FAILED_PRECONDITION),

  /** The DID is already registered with another name or role. */
  PARTICIPANT_ALREADY_REGISTERED(Status.Code.ALREADY_EXISTS),
  /** The client message id was already used for a different message. */
  CLIENT_MESSAGE_ID_REUSED(Status.Code.ALREADY_EXISTS),

  /** A message is larger than max-message-size. */
  MESSAGE_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),
  /** A SendMessages batch is larger than max-batch-size. */
  BATCH_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),
  /**
   * The recipient's queue holds connector.messages.limits.queue.max-messages or max-bytes already
   * (counting this send): nothing was stored. Retry after the recipient has fetched its messages.
   */
  QUEUE_FULL(Status.Code.RESOURCE_EXHAUSTED),
  /**
   * The sender (or, for a holder, the connection) sent more than its token bucket allows: nothing
   * was stored. RetryInfo says when enough tokens are back.
   */
  RATE_LIMITED(Status.Code.RESOURCE_EXHAUSTED),
  /**
   * This message stream was closed because its recipient opened more than
   * connector.messages.limits.streams-per-participant streams on this replica (the oldest closes).
   */
  TOO_MANY_STREAMS(Status.Code.RESOURCE_EXHAUSTED),
  /** A push token is longer than connector.messages.push.max-token-bytes. */
  PUSH_TOKEN_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),
  /** The caller already has max-targets-per-participant push targets. */
  TOO_MANY_PUSH_TARGETS(Status.Code.RESOURCE_EXHAUSTED),

  /** The key registry is unreachable, or does not accept this connector: retry later. */
  KEY_REGISTRY_UNAVAILABLE(Status.Code.UNAVAILABLE),
  /** The database is unreachable or overloaded: retry (with the same client_message_id). */
  DATABASE_UNAVAILABLE(Status.Code.UNAVAILABLE),
  /**
   * A message stream ended (server shutting down, or a failure): reconnect with the last seen id.
   */
  STREAM_INTERRUPTED(Status.Code.UNAVAILABLE),

  /** A bug: logged by the connector with its stack trace; the client sees no detail. */
  INTERNAL(Status.Code.INTERNAL);

  private final Status.Code code;

  ErrorReason(Status.Code code) {
    this.code = code;
  }

  /** The gRPC status code of this reason. */
  public Status.Code code() {
    return code;
  }

  /** Whether the same request may succeed later; then the status carries RetryInfo. */
  public boolean retryable() {
    return code == Status.Code.UNAVAILABLE || this == RATE_LIMITED;
  }
}
