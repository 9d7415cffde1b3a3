package org.credrelay.e2ecrypto.envelope;

import java.time.Instant;

/**
 * A message that passed every check of {@link EnvelopeOpener#open}.
 *
 * @param plaintext the content (a serialized protobuf {@code AtalaMessage}); owned by the caller
 * @param connectionId the connection it was sealed for (equal to the expected one)
 * @param messageId its unique id on that connection
 * @param createdAt its creation time (whole seconds)
 * @param senderKid kid of the pinned sender key it was authenticated with; null only for anoncrypt
 * @param recipientKid kid of the ring key that decrypted it
 */
public record OpenedEnvelope(
    byte[] plaintext,
    String connectionId,
    String messageId,
    Instant createdAt,
    String senderKid,
    String recipientKid) {

  /** True if the sender was authenticated (authcrypt). */
  public boolean senderAuthenticated() {
    return senderKid != null;
  }
}
