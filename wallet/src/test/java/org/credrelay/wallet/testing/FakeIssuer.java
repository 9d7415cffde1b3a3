package org.credrelay.wallet.testing;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.e2ecrypto.envelope.ContentEncryption;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.e2ecrypto.handshake.IssuerReply;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.handshake.VerifiedHolder;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.proto.connector.v1.ParticipantRole;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.CredentialRevokedMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.InMemoryDidKeys;
import org.credrelay.testsupport.connector.RelayedMessage;

/**
 * The issuer gateway's side, simulated with e2e-crypto: invitations, the issuer handshake (verify
 * the holder's hello, answer with ISSUER_CONFIRM) and authcrypt credentials to the pinned holder
 * key.
 */
public final class FakeIssuer {

  private final FakeConnector connector;
  private final String did;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final KeyPairJwk communicationKey;
  private final KeyPairJwk authenticationKey = Keys.generateAuthentication();
  private final IssuerHandshake handshake;
  private final EnvelopeSealer sealer;
  private final Map<String, Invitation> invitations = new ConcurrentHashMap<>();
  private final Map<String, String> hellos = new ConcurrentHashMap<>();
  private final Map<String, PinnedKeys> holders = new ConcurrentHashMap<>();
  private volatile boolean autoConfirm = true;
  private volatile boolean wrongSecret;
  private volatile String invitationName;

  public FakeIssuer(
      FakeConnector connector, InMemoryDidKeys didKeys, String did, String name, Clock clock) {
    this.connector = connector;
    this.did = did;
    this.invitationName = name;
    this.clock = clock;
    // A DID URL kid, as a real issuer's key would have.
    this.communicationKey = Keys.generateCommunication().withKid(did + "#comm-1");
    this.handshake =
        new IssuerHandshake(clock, random, new InMemoryJtiStore(clock), HandshakePolicy.defaults());
    this.sealer = new EnvelopeSealer(clock, random);
    didKeys.add(did, authenticationKey.publicKey()).add(did, communicationKey.publicKey());
    connector.registerParticipant(did, name, ParticipantRole.PARTICIPANT_ROLE_ISSUER);
    connector.onParticipantMessage(this::onMessage);
  }

  public String did() {
    return did;
  }

  public KeyPairJwk communicationKey() {
    return communicationKey;
  }

  public KeyPairJwk authenticationKey() {
    return authenticationKey;
  }

  /** Whether the issuer answers a hello at once (false: the test calls {@link #confirm}). */
  public void autoConfirm(boolean enabled) {
    this.autoConfirm = enabled;
  }

  /** The issuer name new invitations carry (by default the name registered at the connector). */
  public void nameInInvitations(String name) {
    this.invitationName = name;
  }

  public Invitation newInvitation() {
    FakeConnector.Generated generated = connector.generateToken(did, Duration.ofDays(7));
    Invitation invitation =
        Invitation.create(generated.token(), did, generated.expiresAt(), random)
            .withIssuerName(invitationName);
    invitations.put(generated.connectionId(), invitation);
    return invitation;
  }

  public String invite() {
    return newInvitation().toUri();
  }

  /** Makes automatic replies MAC with another secret than the invitation's (a forged reply). */
  public void replyWithWrongSecret(boolean enabled) {
    this.wrongSecret = enabled;
  }

  /** Verifies the hello received on {@code connectionId} and sends the issuer's reply. */
  public void confirm(String connectionId) {
    Invitation invitation = invitations.get(connectionId);
    confirmWith(
        connectionId,
        wrongSecret
            ? Invitation.create(
                invitation.token(), invitation.issuerDid(), invitation.expiresAt(), random)
            : invitation);
  }

  /** As {@link #confirm}, but MACs the reply with the keys of {@code invitation}. */
  public void confirmWith(String connectionId, Invitation invitation) {
    try {
      VerifiedHolder holder =
          handshake.verifyHello(
              invitations.get(connectionId),
              hellos.get(connectionId),
              List.of(connector.holderCommunicationKey(connectionId)));
      IssuerReply reply =
          handshake.reply(
              invitation, holder, communicationKey.publicKey(), authenticationKey.publicKey());
      holders.put(connectionId, reply.holderKeys());
      connector.deliverToHolder(
          connectionId,
          AtalaMessage.newBuilder()
              .setHandshakeMessage(
                  HandshakeMessage.newBuilder()
                      .setJwt(reply.jwt())
                      .setStep(HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM))
              .build());
    } catch (HandshakeException e) {
      throw new IllegalStateException("issuer refused the hello: " + e.getMessage(), e);
    }
  }

  public boolean hasHello(String connectionId) {
    return hellos.containsKey(connectionId);
  }

  /** Seals and sends a credential on a verified connection; returns the connector message id. */
  public String sendCredential(String connectionId, String credentialId, String json) {
    return connector.deliverToHolder(
        connectionId, sealCredential(connectionId, credentialId, json));
  }

  public String sendRevocation(String connectionId, String credentialId, String reason) {
    AtalaMessage revocation =
        AtalaMessage.newBuilder()
            .setCredentialRevoked(
                CredentialRevokedMessage.newBuilder()
                    .setCredentialId(credentialId)
                    .setReason(reason)
                    .setRevokedAtMillis(clock.millis()))
            .build();
    return connector.deliverToHolder(
        connectionId, seal(connectionId, revocation, communicationKey));
  }

  /** The AtalaMessage bytes (an EncryptedMessage) of a credential, without sending it. */
  public ByteString sealCredential(String connectionId, String credentialId, String json) {
    return seal(connectionId, credential(credentialId, json), communicationKey);
  }

  /** As an attacker: authcrypt from {@code sender} (not the pinned key) to the holder's key. */
  public ByteString sealCredentialFrom(
      KeyPairJwk sender, String connectionId, String credentialId, String json) {
    return seal(connectionId, credential(credentialId, json), sender);
  }

  /** As an attacker: anoncrypt to the holder's key, which anyone can do. */
  public ByteString sealAnonymous(String connectionId, String credentialId, String json) {
    var recipient = connector.holderCommunicationKey(connectionId);
    byte[] envelope =
        sealer
            .sealAnonymous(
                List.of(recipient),
                ContentEncryption.A256CBC_HS512,
                connectionId,
                credential(credentialId, json).toByteArray())
            .bytes();
    return envelope(recipient.kid(), envelope);
  }

  private ByteString seal(String connectionId, AtalaMessage content, KeyPairJwk sender) {
    PinnedKeys holder = holders.get(connectionId);
    var recipient =
        holder == null ? connector.holderCommunicationKey(connectionId) : holder.communicationKey();
    byte[] envelope =
        sealer.seal(sender, List.of(recipient), connectionId, content.toByteArray()).bytes();
    return envelope(recipient.kid(), envelope);
  }

  private static ByteString envelope(String keyId, byte[] envelope) {
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(keyId)
                .setEncryptedContent(ByteString.copyFrom(envelope)))
        .build()
        .toByteString();
  }

  private AtalaMessage credential(String credentialId, String json) {
    return AtalaMessage.newBuilder()
        .setCredential(
            CredentialMessage.newBuilder()
                .setCredentialId(credentialId)
                .setMediaType("application/vc+json")
                .setDocument(ByteString.copyFromUtf8(json))
                .setIssuedAtMillis(clock.millis()))
        .build();
  }

  private void onMessage(RelayedMessage message) {
    AtalaMessage atala = message.atala();
    if (atala.hasHandshakeMessage()
        && atala.getHandshakeMessage().getStep() == HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO) {
      hellos.put(message.connectionId(), atala.getHandshakeMessage().getJwt());
      if (autoConfirm) {
        confirm(message.connectionId());
      }
    }
  }
}
