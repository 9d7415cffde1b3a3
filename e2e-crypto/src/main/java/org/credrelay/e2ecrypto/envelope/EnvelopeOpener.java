package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.REPLAY;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.TOO_OLD;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.WRONG_CONNECTION;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Opens envelopes and enforces everything the receiver must check (S2, S5): allow-listed
 * algorithms, authcrypt by a pinned sender named by a DID URL, then - on the authenticated header
 * and the DIDComm plaintext - that both agree, the connection id, the age and the message id's
 * single use. Returns the {@code AtalaMessage} bytes from the DIDComm body.
 *
 * <pre>{@code
 * EnvelopeOpener opener = new EnvelopeOpener(clock, seenIds, EnvelopePolicy.defaults());
 * OpenedEnvelope msg = opener.open(bytes, connectionId, KeyRing.of(myCommKey), List.of(pinnedPeerCommKey));
 * }</pre>
 *
 * <p>The id is recorded only after every other check passed, so a refused message does not use up
 * its id. Thread-safe if the {@link SeenMessageIds} is.
 */
public final class EnvelopeOpener {

  private final Clock clock;
  private final SeenMessageIds seen;
  private final EnvelopePolicy policy;
  private final JweDecryptor decryptor;

  public EnvelopeOpener(Clock clock, SeenMessageIds seen, EnvelopePolicy policy) {
    this(clock, seen, policy, StaticAgreements.computeEveryTime());
  }

  /**
   * @param statics where the static-static half of ECDH-1PU comes from: a receiver that opens many
   *     messages from the same pinned sender may remember it ({@link StaticAgreements})
   */
  public EnvelopeOpener(
      Clock clock, SeenMessageIds seen, EnvelopePolicy policy, StaticAgreements statics) {
    this.clock = clock;
    this.seen = seen;
    this.policy = policy;
    this.decryptor = new JweDecryptor(policy.maxEnvelopeBytes(), statics);
  }

  /**
   * Decrypts and verifies one envelope.
   *
   * @param expectedConnectionId the connection the message arrived on
   * @param ring the receiver's private communication keys
   * @param pinnedSenders the peer's communication key(s) pinned by the handshake
   * @throws EnvelopeException with the first reason found
   */
  public OpenedEnvelope open(
      byte[] envelope,
      String expectedConnectionId,
      KeyRing ring,
      Collection<PublicKeyJwk> pinnedSenders)
      throws EnvelopeException {
    DecryptedJwe jwe =
        decryptor.decrypt(
            envelope, KidResolver.didUrls(ring, pinnedSenders), policy.allowAnoncrypt());
    Map<String, Object> header = jwe.protectedHeader();
    String connectionId = requiredId(header, EnvelopeHeaders.CONNECTION_ID);
    String messageId = requiredId(header, EnvelopeHeaders.MESSAGE_ID);
    Instant createdAt = createdAt(header);
    DidcommMessage message = DidcommMessage.parse(jwe.plaintext(), policy.maxEnvelopeBytes());
    PlaintextBinding.check(message, jwe, messageId, createdAt);
    if (!connectionId.equals(expectedConnectionId)) {
      throw new EnvelopeException(WRONG_CONNECTION, "sealed for another connection");
    }
    Instant now = clock.instant();
    if (createdAt.isBefore(now.minus(policy.maxAge()))) {
      throw new EnvelopeException(
          TOO_OLD, "created " + createdAt + ", older than " + policy.maxAge());
    }
    if (createdAt.isAfter(now.plus(policy.maxFutureSkew()))) {
      throw new EnvelopeException(TOO_OLD, "created " + createdAt + ", in the future");
    }
    if (now.getEpochSecond() > message.expiresTime()) {
      throw new EnvelopeException(TOO_OLD, "expired at " + message.expiresTime());
    }
    Instant forgetAfter = createdAt.plus(policy.maxAge()).plus(policy.maxFutureSkew());
    if (!seen.markSeen(connectionId, messageId, forgetAfter)) {
      throw new EnvelopeException(REPLAY, "message id already accepted on this connection");
    }
    String senderKid = jwe.sender() == null ? null : jwe.sender().kid();
    return new OpenedEnvelope(
        message.atalaMessage(),
        connectionId,
        messageId,
        createdAt,
        senderKid,
        jwe.recipientKeyKid());
  }

  private static String requiredId(Map<String, Object> header, String name)
      throws EnvelopeException {
    Object value = header.get(name);
    if (!(value instanceof String id)
        || !Digests.isVisibleAscii(id, EnvelopeSealer.MAX_ID_LENGTH)) {
      throw new EnvelopeException(MALFORMED, "protected header lacks a valid '" + name + "'");
    }
    return id;
  }

  private static Instant createdAt(Map<String, Object> header) throws EnvelopeException {
    try {
      Long seconds = Json.optLong(header, EnvelopeHeaders.CREATED_AT);
      if (seconds == null || seconds < 0) {
        throw new IllegalArgumentException("missing or negative");
      }
      return Instant.ofEpochSecond(seconds);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new EnvelopeException(MALFORMED, "invalid '" + EnvelopeHeaders.CREATED_AT + "'", e);
    }
  }
}
