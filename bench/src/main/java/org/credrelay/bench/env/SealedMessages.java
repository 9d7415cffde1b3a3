package org.credrelay.bench.env;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.envelope.SealedEnvelope;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;

/**
 * Real messages as the issuer gateway sends them: a CredentialMessage of a given size, authcrypted
 * from the issuer's communication key to the holder's ACTIVE communication key and wrapped in an
 * EncryptedMessage naming that key, so the connector's key check runs for real.
 */
public final class SealedMessages {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedMessages() {}

  /**
   * The serialized AtalaMessage carrying a credential whose plaintext is {@code plaintextBytes}
   * long.
   */
  public static byte[] credentialFor(Issuer issuer, Holder holder, int plaintextBytes) {
    byte[] inner = credential(plaintextBytes);
    SealedEnvelope sealed =
        new EnvelopeSealer(Clock.systemUTC(), RANDOM)
            .seal(
                issuer.communication(),
                List.of(holder.communication().publicKey()),
                holder.connectionId(),
                inner);
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(holder.communication().kid())
                .setEncryptedContent(ByteString.copyFrom(sealed.bytes())))
        .build()
        .toByteArray();
  }

  /**
   * A serialized AtalaMessage(CredentialMessage) of exactly {@code bytes} bytes (at least ~200).
   */
  public static byte[] credential(int bytes) {
    CredentialMessage.Builder credential =
        CredentialMessage.newBuilder()
            .setCredentialId(UUID.randomUUID().toString())
            .setMediaType("application/vc+json")
            .setIssuedAtMillis(System.currentTimeMillis());
    int padding = Math.max(0, bytes - 160);
    for (int attempt = 0; attempt < 8; attempt++) {
      credential.setDocument(ByteString.copyFrom(document(padding), StandardCharsets.UTF_8));
      int size = AtalaMessage.newBuilder().setCredential(credential).build().getSerializedSize();
      if (size == bytes) {
        break;
      }
      padding = Math.max(0, padding + bytes - size);
    }
    return AtalaMessage.newBuilder().setCredential(credential).build().toByteArray();
  }

  /** A verifiable-credential-shaped JSON document of about {@code bytes} bytes. */
  public static String document(int bytes) {
    String head =
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
            + "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"claim\":\"";
    String tail = "\"}}";
    int claim = Math.max(0, bytes - head.length() - tail.length());
    byte[] random = new byte[claim];
    RANDOM.nextBytes(random);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return head + text.substring(0, Math.min(claim, text.length())) + tail;
  }
}
