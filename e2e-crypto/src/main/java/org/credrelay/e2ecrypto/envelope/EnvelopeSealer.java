package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Seals plaintext into an envelope for {@code EncryptedMessage.encrypted_content} (PROTOCOL.md
 * section 3).
 *
 * <pre>{@code
 * EnvelopeSealer sealer = new EnvelopeSealer(Clock.systemUTC(), new SecureRandom());
 * SealedEnvelope sealed = sealer.seal(myCommKey, List.of(peerCommKey), connectionId, atalaBytes);
 * byte[] wire = sealed.bytes();
 * }</pre>
 *
 * <p>{@link #seal} is authcrypt (ECDH-1PU+A256KW, A256CBC-HS512), the only mode a receiver accepts
 * for credentials. Thread-safe.
 */
public final class EnvelopeSealer {

  static final int MAX_ID_LENGTH = 128;
  private static final int MESSAGE_ID_BYTES = 16;

  private final Clock clock;
  private final SecureRandom random;
  private final JweEncryptor encryptor;

  public EnvelopeSealer(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
    this.encryptor = new JweEncryptor(random);
  }

  /** Authcrypt to {@code recipients} with a fresh random message id. */
  public SealedEnvelope seal(
      KeyPairJwk sender, List<PublicKeyJwk> recipients, String connectionId, byte[] plaintext) {
    return seal(sender, recipients, connectionId, newMessageId(), plaintext);
  }

  /**
   * Authcrypt to {@code recipients} with a caller-chosen message id (unique per connection).
   *
   * @throws IllegalArgumentException if the keys are not communication keys on one curve, or an id
   *     is not 1-128 visible ASCII characters
   */
  public SealedEnvelope seal(
      KeyPairJwk sender,
      List<PublicKeyJwk> recipients,
      String connectionId,
      String messageId,
      byte[] plaintext) {
    if (sender.use() != KeyUse.COMMUNICATION) {
      throw new IllegalArgumentException("the sender key must be a communication key");
    }
    checkRecipients(recipients, sender.publicKey());
    return build(
        KeyWrapAlgorithm.ECDH_1PU_A256KW,
        ContentEncryption.A256CBC_HS512,
        sender,
        recipients,
        connectionId,
        messageId,
        plaintext);
  }

  /**
   * Anoncrypt (ECDH-ES+A256KW): no sender key, so the receiver learns nothing about who sealed it.
   * Receivers refuse it unless their policy allows anoncrypt; never use it for credentials.
   */
  public SealedEnvelope sealAnonymous(
      List<PublicKeyJwk> recipients, ContentEncryption enc, String connectionId, byte[] plaintext) {
    checkRecipients(recipients, recipients.isEmpty() ? null : recipients.get(0));
    return build(
        KeyWrapAlgorithm.ECDH_ES_A256KW,
        enc,
        null,
        recipients,
        connectionId,
        newMessageId(),
        plaintext);
  }

  private SealedEnvelope build(
      KeyWrapAlgorithm alg,
      ContentEncryption enc,
      KeyPairJwk sender,
      List<PublicKeyJwk> recipients,
      String connectionId,
      String messageId,
      byte[] plaintext) {
    checkId("connection id", connectionId);
    checkId("message id", messageId);
    Instant createdAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put(EnvelopeHeaders.CONNECTION_ID, connectionId);
    binding.put(EnvelopeHeaders.MESSAGE_ID, messageId);
    binding.put(EnvelopeHeaders.CREATED_AT, createdAt.getEpochSecond());
    try {
      GeneralJwe jwe = encryptor.encrypt(alg, enc, sender, recipients, binding, plaintext);
      return new SealedEnvelope(jwe.toJson(), messageId, createdAt);
    } catch (GeneralSecurityException | KeyRejectedException e) {
      // Keys were validated when parsed; failing here means a broken platform, not bad input.
      throw new IllegalStateException("sealing failed", e);
    }
  }

  private static void checkRecipients(List<PublicKeyJwk> recipients, PublicKeyJwk reference) {
    if (recipients.isEmpty() || recipients.size() > GeneralJwe.MAX_RECIPIENTS) {
      throw new IllegalArgumentException("1 to " + GeneralJwe.MAX_RECIPIENTS + " recipients");
    }
    Set<String> kids = new HashSet<>();
    for (PublicKeyJwk recipient : recipients) {
      if (recipient.use() != KeyUse.COMMUNICATION || recipient.curve() != reference.curve()) {
        throw new IllegalArgumentException(
            "all keys must be communication keys on "
                + reference.curve().crv()
                + ", got "
                + recipient);
      }
      if (!kids.add(recipient.kid())) {
        throw new IllegalArgumentException("recipient kid repeated: " + recipient.kid());
      }
    }
  }

  private static void checkId(String what, String id) {
    if (!Digests.isVisibleAscii(id, MAX_ID_LENGTH)) {
      throw new IllegalArgumentException(what + " must be 1-128 visible ASCII characters");
    }
  }

  private String newMessageId() {
    byte[] id = new byte[MESSAGE_ID_BYTES];
    random.nextBytes(id);
    return Base64Url.encode(id);
  }
}
