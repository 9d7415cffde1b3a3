package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.INVALID_KEY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.KEY_MISMATCH;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.NONCE_MISMATCH;
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
 * The wallet's side of the handshake (PROTOCOL.md section 4.3).
 *
 * <pre>{@code
 * HolderHello hello = holder.hello(invitation, myCommKey.publicKey(), myAuthKey.publicKey());
 * // send hello.jwt() to the issuer; later, with the issuer's JWT and the keys the connector reports:
 * PinnedKeys issuer = holder.verifyReply(hello, issuerJwt, deliveredIssuerKeys);
 * }</pre>
 */
public final class HolderHandshake {

  private final Clock clock;
  private final SecureRandom random;
  private final JtiStore jtis;
  private final HandshakePolicy policy;

  public HolderHandshake(Clock clock, SecureRandom random, JtiStore jtis, HandshakePolicy policy) {
    this.clock = clock;
    this.random = random;
    this.jtis = jtis;
    this.policy = policy;
  }

  /**
   * The holder's JWT: its keys, MACed with the holder-to-issuer key of the invitation.
   *
   * @throws HandshakeException EXPIRED if the invitation has expired
   * @throws IllegalArgumentException if the keys are not a communication and an authentication key
   *     whose kids are their thumbprints (holders have no DID)
   */
  public HolderHello hello(
      Invitation invitation, PublicKeyJwk communicationKey, PublicKeyJwk authenticationKey)
      throws HandshakeException {
    requireHolderKey(communicationKey, KeyUse.COMMUNICATION);
    requireHolderKey(authenticationKey, KeyUse.AUTHENTICATION);
    Instant now = clock.instant();
    if (invitation.isExpired(now)) {
      throw new HandshakeException(EXPIRED, "invitation expired at " + invitation.expiresAt());
    }
    String nonce = ClaimWriter.randomValue(random, ClaimWriter.NONCE_BYTES);
    Map<String, Object> claims =
        ClaimWriter.common(
            Direction.HOLDER_TO_ISSUER,
            authenticationKey.kid(),
            invitation.issuerDid(),
            invitation,
            nonce,
            communicationKey,
            authenticationKey,
            now,
            policy,
            random);
    String jwt =
        HandshakeJwt.sign(
            Direction.HOLDER_TO_ISSUER,
            HandshakeKeys.macKey(invitation, Direction.HOLDER_TO_ISSUER),
            claims);
    return new HolderHello(jwt, nonce, invitation, communicationKey, authenticationKey);
  }

  /**
   * Verifies the issuer's JWT against the hello it answers.
   *
   * @param deliveredIssuerKeys keys the connector or registry reported for the issuer; those on the
   *     curve of the JWT's key of the same use must include it (may be empty)
   * @return the issuer's keys to pin
   * @throws HandshakeException with the first reason found
   */
  public PinnedKeys verifyReply(
      HolderHello hello, String issuerJwt, Collection<PublicKeyJwk> deliveredIssuerKeys)
      throws HandshakeException {
    Invitation invitation = hello.invitation();
    ClaimReader claims =
        new ClaimReader(
            HandshakeJwt.verify(
                issuerJwt,
                Direction.ISSUER_TO_HOLDER,
                HandshakeKeys.macKey(invitation, Direction.ISSUER_TO_HOLDER)));
    claims.expect(HandshakeClaims.DIRECTION, Direction.ISSUER_TO_HOLDER.label(), REFLECTED);
    claims.requireOnly(Direction.ISSUER_TO_HOLDER.claims());
    claims.expect(HandshakeClaims.TOKEN_HASH, invitation.tokenHash(), WRONG_TOKEN);
    claims.expect("iss", invitation.issuerDid(), WRONG_PARTY);
    claims.expect("aud", hello.authenticationKey().kid(), WRONG_PARTY);
    Instant exp = claims.checkTimes(clock.instant(), policy);
    claims.expect(HandshakeClaims.PEER_NONCE, hello.nonce(), NONCE_MISMATCH);
    claims.expect(
        HandshakeClaims.PEER_COMMUNICATION_KEY_THUMBPRINT,
        hello.communicationKey().thumbprint(),
        KEY_MISMATCH);
    claims.expect(
        HandshakeClaims.PEER_AUTHENTICATION_KEY_THUMBPRINT,
        hello.authenticationKey().thumbprint(),
        KEY_MISMATCH);
    claims.randomValue(HandshakeClaims.NONCE);
    PublicKeyJwk communication =
        claims.key(
            HandshakeClaims.COMMUNICATION_KEY, KeyUse.COMMUNICATION, KidPolicy.ANY_WELL_FORMED);
    PublicKeyJwk authentication =
        claims.key(
            HandshakeClaims.AUTHENTICATION_KEY, KeyUse.AUTHENTICATION, KidPolicy.ANY_WELL_FORMED);
    if (communication.curve() != hello.communicationKey().curve()) {
      // Nothing could ever be sealed between keys on two curves (PROTOCOL.md 4.6).
      throw new HandshakeException(
          INVALID_KEY,
          "the issuer's communication key is on "
              + communication.curve().crv()
              + ", the holder's on "
              + hello.communicationKey().curve().crv());
    }
    ClaimReader.checkDeliveredIncludes(deliveredIssuerKeys, communication, authentication);
    claims.markJtiUsed(jtis, exp.plus(policy.maxClockSkew()));
    return new PinnedKeys(
        communication,
        authentication,
        SafetyNumber.of(
            List.of(
                hello.communicationKey(),
                hello.authenticationKey(),
                communication,
                authentication)));
  }

  private static void requireHolderKey(PublicKeyJwk key, KeyUse use) {
    if (key.use() != use || !key.kid().equals(key.thumbprint())) {
      throw new IllegalArgumentException(
          "expected a " + use + " key whose kid is its thumbprint: " + key);
    }
  }
}
