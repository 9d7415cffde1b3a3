package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.UNEXPECTED_SENDER;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_RECIPIENT;

import java.time.Instant;

/**
 * The DIDComm plaintext must agree with the authenticated JWE (PROTOCOL.md 3.4, steps 13-14, and
 * 3.5): its {@code id} and {@code created_time} are the header's {@code cr_mid} and {@code cr_iat},
 * {@code from} is the DID of {@code skid} (DIDComm v2 requires it; absent for anoncrypt) and {@code
 * to} holds the DID of the recipient kid that decrypted.
 */
final class PlaintextBinding {

  private PlaintextBinding() {}

  static void check(DidcommMessage message, DecryptedJwe jwe, String messageId, Instant createdAt)
      throws EnvelopeException {
    if (!message.id().equals(messageId) || message.createdTime() != createdAt.getEpochSecond()) {
      throw new EnvelopeException(
          MALFORMED, "plaintext id/created_time differ from the header's cr_mid/cr_iat");
    }
    Object skid = jwe.protectedHeader().get("skid");
    String expectedFrom = skid == null ? null : DidUrls.did((String) skid);
    if (expectedFrom == null ? message.from() != null : !expectedFrom.equals(message.from())) {
      throw new EnvelopeException(UNEXPECTED_SENDER, "'from' is not the DID of 'skid'");
    }
    if (!message.to().contains(DidUrls.did(jwe.recipientKid()))) {
      throw new EnvelopeException(WRONG_RECIPIENT, "'to' does not name the recipient's DID");
    }
  }
}
