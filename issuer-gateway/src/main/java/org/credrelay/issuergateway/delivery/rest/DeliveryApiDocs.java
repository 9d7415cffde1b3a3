package org.credrelay.issuergateway.delivery.rest;

/**
 * OpenAPI descriptions of the delivery states and failure codes (the enums list the values; these
 * say what they mean). docs/ISSUER-GATEWAY.md "Delivery life cycle" has the same table.
 */
final class DeliveryApiDocs {

  static final String STATUS =
      "ACCEPTED: queued, tried with exponential backoff and jitter until the connector"
          + " acknowledges it or its deadline passes. WAITING_FOR_HANDSHAKE: the connection is not"
          + " VERIFIED yet. SENT: the connector stored it for the holder (final unless a receipt follows). DELIVERED:"
          + " SENT, and the holder's wallet confirmed in a receipt sealed with its pinned key that"
          + " it saved the credential (final; only from wallets that send receipts). FAILED: refused"
          + " for good, see failureCode (final; resendable while its content is held). EXPIRED:"
          + " the deadline passed before the connector acknowledged it (final; resendable while"
          + " its content is held).";

  static final String FAILURE_CODE =
      "Stable machine-readable code of 'reason'; null when SENT or never failed. End states:"
          + " DEADLINE_PASSED (EXPIRED), CONNECTION_REVOKED, CONNECTION_EXPIRED,"
          + " CONNECTION_NOT_CONNECTED, CONNECTION_NOT_FOUND, KEY_MISMATCH, KEY_HISTORY_INVALID,"
          + " HOLDER_KEY_NOT_ACTIVE (the key registry: pinned holder key revoked or rotated),"
          + " RECIPIENT_KEY_NOT_ACTIVE (the connector: same), SEAL_FAILED, CONNECTOR_REFUSED,"
          + " KEY_REGISTRY_REFUSED. Last error of an unfinished delivery: CONNECTOR_UNAVAILABLE,"
          + " KEY_REGISTRY_UNAVAILABLE, INTERNAL_ERROR, AWAITING_HANDSHAKE,"
          + " AWAITING_EARLIER_MESSAGE.";

  private DeliveryApiDocs() {}
}
