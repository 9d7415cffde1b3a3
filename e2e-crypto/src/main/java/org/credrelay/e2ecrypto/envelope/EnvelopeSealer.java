package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Seals an {@code AtalaMessage} into a DIDComm v2 encrypted message for {@code
 * EncryptedMessage.encrypted_content} (PROTOCOL.md section 3).
 *
 * <pre>{@code
 * EnvelopeSealer sealer = new EnvelopeSealer(Clock.systemUTC(), new SecureRandom());
 * SealedEnvelope sealed = sealer.seal(Addressing.issuerToHolder(issuerDid),
 *     myCommKey, List.of(peerCommKey), connectionId, atalaBytes);
 * byte[] wire = sealed.bytes();
 * }</pre>
 *
 * <p>The plaintext is a DIDComm v2 plaintext message ({@link DidcommMessage}) whose body carries
 * the {@code AtalaMessage}; the JWE kids are DID URLs ({@link Addressing}). {@link #seal} is
 * authcrypt (ECDH-1PU+A256KW, A256CBC-HS512), the only mode a receiver accepts for credentials.
 * Thread-safe.
 */
public final class EnvelopeSealer {

  static final int MAX_ID_LENGTH = 128;

  /** {@code expires_time} - {@code created_time}: the default maximum age of a receiver. */
  static final Duration LIFETIME = EnvelopePolicy.defaults().maxAge();

  private final Clock clock;
  private final SealingRandomness random;
  private final JweEncryptor encryptor;

  public EnvelopeSealer(Clock clock, SecureRandom random) {
    this(clock, SealingRandomness.from(random), StaticAgreements.computeEveryTime());
  }

  /**
   * @param statics where the static-static half of ECDH-1PU comes from: a sender that seals many
   *     messages to the same recipients may remember it ({@link StaticAgreements}); the output is
   *     the same either way
   */
  public EnvelopeSealer(Clock clock, SecureRandom random, StaticAgreements statics) {
    this(clock, SealingRandomness.from(random), statics);
  }

  /** Test seam for the published vectors: every random value fixed. */
  EnvelopeSealer(Clock clock, SealingRandomness random) {
    this(clock, random, StaticAgreements.computeEveryTime());
  }

  /** Test seam for the published vectors, with a chosen source of {@code Zs}. */
  EnvelopeSealer(Clock clock, SealingRandomness random, StaticAgreements statics) {
    this.clock = clock;
    this.random = random;
    this.encryptor = new JweEncryptor(random, statics);
  }

  /**
   * Authcrypt between keys named by their did:key ({@link Addressing#byKeys()}), with a fresh
   * random message id. Issuers and holders use {@link #seal(Addressing, KeyPairJwk, List, String,
   * String, byte[])} so the issuer is named by its DID.
   */
  public SealedEnvelope seal(
      KeyPairJwk sender, List<PublicKeyJwk> recipients, String connectionId, byte[] plaintext) {
    return seal(
        Addressing.byKeys(), sender, recipients, connectionId, random.messageId(), plaintext);
  }

  /** Authcrypt between keys named by their did:key, with a caller-chosen message id. */
  public SealedEnvelope seal(
      KeyPairJwk sender,
      List<PublicKeyJwk> recipients,
      String connectionId,
      String messageId,
      byte[] plaintext) {
    return seal(Addressing.byKeys(), sender, recipients, connectionId, messageId, plaintext);
  }

  /**
   * Authcrypt to {@code recipients} with a caller-chosen message id (unique per connection).
   *
   * @param addressing which DIDs name the sender and the recipients
   * @param plaintext the serialized {@code AtalaMessage}
   * @throws IllegalArgumentException if the keys are not communication keys on one curve, or an id
   *     is not 1-128 visible ASCII characters
   */
  public SealedEnvelope seal(
      Addressing addressing,
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
        addressing,
        sender,
        recipients,
        connectionId,
        messageId,
        plaintext);
  }

  /**
   * Anoncrypt (ECDH-ES+A256KW): no sender key and no {@code from}, so the receiver learns nothing
   * about who sealed it; recipients are named by did:key. Receivers refuse it unless their policy
   * allows anoncrypt; never use it for credentials.
   */
  public SealedEnvelope sealAnonymous(
      List<PublicKeyJwk> recipients, ContentEncryption enc, String connectionId, byte[] plaintext) {
    checkRecipients(recipients, recipients.isEmpty() ? null : recipients.get(0));
    return build(
        KeyWrapAlgorithm.ECDH_ES_A256KW,
        enc,
        Addressing.byKeys(),
        null,
        recipients,
        connectionId,
        random.messageId(),
        plaintext);
  }

  private SealedEnvelope build(
      KeyWrapAlgorithm alg,
      ContentEncryption enc,
      Addressing addressing,
      KeyPairJwk sender,
      List<PublicKeyJwk> recipients,
      String connectionId,
      String messageId,
      byte[] plaintext) {
    checkId("connection id", connectionId);
    checkId("message id", messageId);
    Instant createdAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    String senderKid = sender == null ? null : addressing.senderKid(sender.publicKey());
    List<String> recipientKids = recipients.stream().map(addressing::recipientKid).toList();
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put(EnvelopeHeaders.CONNECTION_ID, connectionId);
    binding.put(EnvelopeHeaders.MESSAGE_ID, messageId);
    binding.put(EnvelopeHeaders.CREATED_AT, createdAt.getEpochSecond());
    DidcommMessage message =
        new DidcommMessage(
            messageId,
            senderKid == null ? null : DidUrls.did(senderKid),
            recipientKids.stream().map(DidUrls::did).distinct().toList(),
            createdAt.getEpochSecond(),
            createdAt.plus(LIFETIME).getEpochSecond(),
            plaintext);
    try {
      GeneralJwe jwe =
          encryptor.encrypt(
              alg, enc, sender, senderKid, recipients, recipientKids, binding, message.toJson());
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
}
