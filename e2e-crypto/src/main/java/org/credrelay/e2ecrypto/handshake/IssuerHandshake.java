package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.REFLECTED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.WRONG_PARTY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.WRONG_TOKEN;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.e2ecrypto.keys.SafetyNumber;

/**
 * The issuer gateway's side of the handshake (PROTOCOL.md section 4.3).
 *
 * <pre>{@code
 * VerifiedHolder holder = issuer.verifyHello(invitation, holderJwt, keysTheConnectorDelivered);
 * IssuerReply reply = issuer.reply(invitation, holder, myCommKey.publicKey(), myAuthKey.publicKey());
 * // store reply.holderKeys() for the connection; send reply.jwt() to the holder
 * }</pre>
 *
 * <p>Until {@link #verifyHello} succeeds the connection is unverified and gets no credential (S4).
 */
public final class IssuerHandshake {

  private final Clock clock;
  private final SecureRandom random;
  private final JtiStore jtis;
  private final HandshakePolicy policy;

  public IssuerHandshake(Clock clock, SecureRandom random, JtiStore jtis, HandshakePolicy policy) {
    this.clock = clock;
    this.random = random;
    this.jtis = jtis;
    this.policy = policy;
  }

  /**
   * Verifies the holder's JWT for {@code invitation}.
   *
   * @param deliveredHolderKeys keys the connector reported for the holder; each must be the key of
   *     the same use in the JWT (may be empty)
   * @throws HandshakeException with the first reason found
   */
  public VerifiedHolder verifyHello(
      Invitation invitation, String holderJwt, Collection<PublicKeyJwk> deliveredHolderKeys)
      throws HandshakeException {
    ClaimReader claims =
        new ClaimReader(
            HandshakeJwt.verify(
                holderJwt,
                Direction.HOLDER_TO_ISSUER,
                HandshakeKeys.macKey(invitation, Direction.HOLDER_TO_ISSUER)));
    claims.expect(HandshakeClaims.DIRECTION, Direction.HOLDER_TO_ISSUER.label(), REFLECTED);
    claims.requireOnly(Direction.HOLDER_TO_ISSUER.claims());
    claims.expect(HandshakeClaims.TOKEN_HASH, invitation.tokenHash(), WRONG_TOKEN);
    claims.expect("aud", invitation.issuerDid(), WRONG_PARTY);
    Instant exp = claims.checkTimes(clock.instant(), policy);
    if (Instant.ofEpochSecond(claims.seconds("iat")).isAfter(invitation.expiresAt())) {
      throw new HandshakeException(EXPIRED, "issued after the invitation expired");
    }
    PublicKeyJwk communication =
        claims.key(
            HandshakeClaims.COMMUNICATION_KEY, KeyUse.COMMUNICATION, KidPolicy.THUMBPRINT_ONLY);
    PublicKeyJwk authentication =
        claims.key(
            HandshakeClaims.AUTHENTICATION_KEY, KeyUse.AUTHENTICATION, KidPolicy.THUMBPRINT_ONLY);
    claims.expect("iss", authentication.kid(), WRONG_PARTY);
    String nonce = claims.randomValue(HandshakeClaims.NONCE);
    ClaimReader.checkDelivered(deliveredHolderKeys, communication, authentication);
    claims.markJtiUsed(jtis, exp.plus(policy.maxClockSkew()));
    return new VerifiedHolder(communication, authentication, nonce);
  }

  /** The issuer's JWT for a verified holder, and the holder keys to pin for the connection. */
  public IssuerReply reply(
      Invitation invitation,
      VerifiedHolder holder,
      PublicKeyJwk communicationKey,
      PublicKeyJwk authenticationKey) {
    if (communicationKey.use() != KeyUse.COMMUNICATION
        || authenticationKey.use() != KeyUse.AUTHENTICATION) {
      throw new IllegalArgumentException("expected a communication and an authentication key");
    }
    String nonce = ClaimWriter.randomValue(random, ClaimWriter.NONCE_BYTES);
    Map<String, Object> claims =
        ClaimWriter.common(
            Direction.ISSUER_TO_HOLDER,
            invitation.issuerDid(),
            holder.authenticationKey().kid(),
            invitation,
            nonce,
            communicationKey,
            authenticationKey,
            clock.instant(),
            policy,
            random);
    claims.put(HandshakeClaims.PEER_NONCE, holder.nonce());
    claims.put(
        HandshakeClaims.PEER_COMMUNICATION_KEY_THUMBPRINT, holder.communicationKey().thumbprint());
    claims.put(
        HandshakeClaims.PEER_AUTHENTICATION_KEY_THUMBPRINT,
        holder.authenticationKey().thumbprint());
    String jwt =
        HandshakeJwt.sign(
            Direction.ISSUER_TO_HOLDER,
            HandshakeKeys.macKey(invitation, Direction.ISSUER_TO_HOLDER),
            claims);
    SafetyNumber safetyNumber =
        SafetyNumber.of(
            List.of(
                holder.communicationKey(),
                holder.authenticationKey(),
                communicationKey,
                authenticationKey));
    return new IssuerReply(
        jwt, new PinnedKeys(holder.communicationKey(), holder.authenticationKey(), safetyNumber));
  }
}
