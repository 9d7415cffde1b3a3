package org.credrelay.issuergateway.handshake.service;

import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.proto.messages.v1.HandshakeRefused;

/**
 * Builds the HandshakeRefused message (PROTOCOL.md section 4.5) for a refusal reason the gateway
 * records. Only the code goes to the holder; the recorded detail stays with the issuer.
 */
final class HandshakeRefusals {

  private static final String PREFIX = "HANDSHAKE_REFUSAL_REASON_";

  private HandshakeRefusals() {}

  /** The serialized AtalaMessage for {@code reason} (a name of HandshakeRefusalReason). */
  static byte[] message(String reason) {
    return AtalaMessage.newBuilder()
        .setHandshakeRefused(HandshakeRefused.newBuilder().setReason(code(reason)))
        .build()
        .toByteArray();
  }

  static HandshakeRefusalReason code(String reason) {
    try {
      return HandshakeRefusalReason.valueOf(PREFIX + reason);
    } catch (IllegalArgumentException e) {
      return HandshakeRefusalReason.HANDSHAKE_REFUSAL_REASON_UNSPECIFIED;
    }
  }
}
