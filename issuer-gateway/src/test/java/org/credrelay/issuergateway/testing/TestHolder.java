package org.credrelay.issuergateway.testing;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.EnvelopePolicy;
import org.credrelay.e2ecrypto.envelope.InMemorySeenMessageIds;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.HolderHello;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.testsupport.connector.FakeConnector;

/**
 * A wallet for tests, built on the real e2e-crypto holder side: scans an invitation, accepts it at
 * the {@link FakeConnector} (its keys registered in the {@link InMemoryKeyRegistry}, as the real
 * connector does on accept), sends its handshake, verifies the issuer's reply and opens credentials
 * only from the pinned issuer key.
 */
public final class TestHolder {

  private final Clock clock;
  private final FakeConnector connector;
  private final InMemoryKeyRegistry registry;
  private final Invitation invitation;
  private final KeyPairJwk authenticationKey = Keys.generateAuthentication();
  private final KeyPairJwk communicationKey;
  private final HolderHandshake handshake;
  private final EnvelopeOpener opener;
  private String connectionId;
  private HolderHello hello;
  private PinnedKeys issuer;

  public TestHolder(
      String invitationUri, Clock clock, FakeConnector connector, InMemoryKeyRegistry registry)
      throws Exception {
    this(invitationUri, clock, connector, registry, KeyCurve.X25519);
  }

  /** A holder whose communication key is on {@code communicationCurve}. */
  public TestHolder(
      String invitationUri,
      Clock clock,
      FakeConnector connector,
      InMemoryKeyRegistry registry,
      KeyCurve communicationCurve)
      throws Exception {
    this.communicationKey = Keys.generate(communicationCurve);
    this.clock = clock;
    this.connector = connector;
    this.registry = registry;
    this.invitation = Invitation.parse(invitationUri, clock);
    this.handshake =
        new HolderHandshake(
            clock, new SecureRandom(), new InMemoryJtiStore(clock), HandshakePolicy.defaults());
    this.opener =
        new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults());
  }

  public Invitation invitation() {
    return invitation;
  }

  public KeyPairJwk communicationKey() {
    return communicationKey;
  }

  public KeyPairJwk authenticationKey() {
    return authenticationKey;
  }

  public String connectionId() {
    return connectionId;
  }

  /** Accepts the token at the connector with this holder's keys. */
  public TestHolder accept() {
    connectionId =
        connector.accept(
            invitation.token(), authenticationKey.publicKey(), communicationKey.publicKey());
    registry.registerConnectionKeys(
        connectionId, invitation.token(), authenticationKey, communicationKey.publicKey());
    return this;
  }

  /** Sends the holder's handshake JWT (HOLDER_HELLO); returns the connector message id. */
  public String sendHello() throws Exception {
    hello =
        handshake.hello(invitation, communicationKey.publicKey(), authenticationKey.publicKey());
    return sendHandshake(hello.jwt(), HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO);
  }

  /** Sends an arbitrary JWT as a handshake step (attacks). */
  public String sendHandshake(String jwt, HandshakeStep step) {
    return connector.fromHolder(
        connectionId,
        AtalaMessage.newBuilder()
            .setHandshakeMessage(HandshakeMessage.newBuilder().setJwt(jwt).setStep(step))
            .build());
  }

  /**
   * Reports a protocol error on the connection, as a wallet does (PROTOCOL.md section 6, step 5).
   */
  public String sendError(String code, String detail) {
    return connector.fromHolder(
        connectionId,
        AtalaMessage.newBuilder()
            .setError(
                org.credrelay.proto.messages.v1.ErrorMessage.newBuilder()
                    .setCode(code)
                    .setMessage(detail))
            .build());
  }

  public HolderHello hello() {
    return hello;
  }

  /** Verifies the issuer's ISSUER_CONFIRM against the hello and the registry's issuer keys. */
  public PinnedKeys verifyIssuerReply(Collection<PublicKeyJwk> registryIssuerKeys)
      throws Exception {
    String jwt = issuerReplies().get(0);
    issuer = handshake.verifyReply(hello, jwt, registryIssuerKeys);
    return issuer;
  }

  /** Handshake JWTs the issuer sent to this holder (ISSUER_CONFIRM steps), in order. */
  public List<String> issuerReplies() throws Exception {
    List<String> jwts = new ArrayList<>();
    for (var stored : connector.toHolder(connectionId)) {
      AtalaMessage message = AtalaMessage.parseFrom(stored.message());
      if (message.hasHandshakeMessage()
          && message.getHandshakeMessage().getStep()
              == HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM) {
        jwts.add(message.getHandshakeMessage().getJwt());
      }
    }
    return jwts;
  }

  /** The reasons of the HandshakeRefused messages the issuer sent to this holder, in order. */
  public List<HandshakeRefusalReason> refusals() throws Exception {
    List<HandshakeRefusalReason> reasons = new ArrayList<>();
    for (var stored : connector.toHolder(connectionId)) {
      AtalaMessage message = AtalaMessage.parseFrom(stored.message());
      if (message.hasHandshakeRefused()) {
        reasons.add(message.getHandshakeRefused().getReason());
      }
    }
    return reasons;
  }

  /** Opens every encrypted message to this holder from the pinned issuer key. */
  public List<CredentialMessage> credentials() throws Exception {
    List<CredentialMessage> credentials = new ArrayList<>();
    for (var stored : connector.toHolder(connectionId)) {
      AtalaMessage message = AtalaMessage.parseFrom(stored.message());
      if (message.hasEncryptedMessage()) {
        OpenedEnvelope opened =
            open(message.getEncryptedMessage().getEncryptedContent().toByteArray());
        credentials.add(AtalaMessage.parseFrom(opened.plaintext()).getCredential());
      }
    }
    return credentials;
  }

  /** Opens one envelope (authcrypt from the pinned issuer key only). */
  public OpenedEnvelope open(byte[] envelope) throws Exception {
    return opener.open(
        envelope, connectionId, KeyRing.of(communicationKey), List.of(issuer.communicationKey()));
  }

  /**
   * Opens the envelope of a stored message with {@code sender} as the only acceptable issuer key (a
   * fresh opener, so messages opened before are no replays); shows which issuer key sealed it.
   */
  public OpenedEnvelope openFrom(byte[] storedMessage, PublicKeyJwk sender) throws Exception {
    byte[] envelope =
        AtalaMessage.parseFrom(storedMessage)
            .getEncryptedMessage()
            .getEncryptedContent()
            .toByteArray();
    return new EnvelopeOpener(clock, new InMemorySeenMessageIds(clock), EnvelopePolicy.defaults())
        .open(envelope, connectionId, KeyRing.of(communicationKey), List.of(sender));
  }

  /** The bytes of every message the connector stored for this holder, in order. */
  public List<byte[]> storedMessages() {
    return connector.toHolder(connectionId).stream().map(stored -> stored.message()).toList();
  }

  public PinnedKeys issuer() {
    return issuer;
  }

  public Clock clock() {
    return clock;
  }
}
