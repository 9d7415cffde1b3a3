package org.credrelay.e2ecrypto.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.BAD_MAC;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.INVALID_KEY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.KEY_MISMATCH;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.NONCE_MISMATCH;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.REFLECTED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.REPLAYED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.WRONG_PARTY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.WRONG_TOKEN;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The out-of-band handshake, with the connector as the attacker (S3, S4). */
class HandshakeTest extends HandshakeTestBase {

  @Test
  void handshake_pinsEachOthersKeysAndTheSameSafetyNumberOnBothSides() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    VerifiedHolder verified =
        issuer.verifyHello(invitation, hello.jwt(), List.of(holderComm, holderAuth));
    IssuerReply reply = issuer.reply(invitation, verified, issuerComm, issuerAuth);
    PinnedKeys atHolder = holder.verifyReply(hello, reply.jwt(), List.of(issuerComm));

    assertThat(reply.holderKeys().communicationKey()).isEqualTo(holderComm);
    assertThat(reply.holderKeys().authenticationKey()).isEqualTo(holderAuth);
    assertThat(atHolder.communicationKey()).isEqualTo(issuerComm);
    assertThat(atHolder.authenticationKey()).isEqualTo(issuerAuth);
    assertThat(atHolder.safetyNumber()).isEqualTo(reply.holderKeys().safetyNumber());
  }

  @Test
  void handshakeJwts_carryTheWholeTranscript() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of()),
            issuerComm,
            issuerAuth);

    assertThat(header(hello.jwt()))
        .containsExactly(
            Map.entry("alg", "HS256"), Map.entry("typ", "credrelay-handshake-holder+jwt"));
    assertThat(claims(hello.jwt()))
        .containsEntry("iss", holderAuth.kid())
        .containsEntry("aud", ISSUER_DID)
        .containsEntry("cr_dir", "holder-to-issuer")
        .containsEntry("cr_th", invitation.tokenHash())
        .containsEntry("cr_nonce", hello.nonce())
        .containsKeys("iat", "exp", "jti", "cr_ck", "cr_ak");
    assertThat(claims(reply.jwt()))
        .containsEntry("iss", ISSUER_DID)
        .containsEntry("aud", holderAuth.kid())
        .containsEntry("cr_dir", "issuer-to-holder")
        .containsEntry("cr_peer_nonce", hello.nonce())
        .containsEntry("cr_peer_ck_jkt", holderComm.thumbprint())
        .containsEntry("cr_peer_ak_jkt", holderAuth.thumbprint())
        .containsKeys("cr_nonce", "cr_ck", "cr_ak");
  }

  @Test
  void verifyHello_ofTheIssuersOwnJwtReflected_isRejected() throws Exception {
    IssuerReply reply = completedReply();

    assertIssuerRefuses(reply.jwt(), REFLECTED);
  }

  @Test
  void verifyReply_ofTheHoldersOwnJwtReflected_isRejected() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);

    assertHolderRefuses(hello, hello.jwt(), REFLECTED);
  }

  @Test
  void verifyHello_ofReflectedJwtWithRewrittenTyp_failsTheMacOfTheOtherDirection()
      throws Exception {
    String reflected = completedReply().jwt();
    String[] parts = reflected.split("\\.");
    String rewritten =
        b64json("{\"alg\":\"HS256\",\"typ\":\"credrelay-handshake-holder+jwt\"}")
            + "."
            + parts[1]
            + "."
            + parts[2];

    assertIssuerRefuses(rewritten, BAD_MAC);
  }

  @Test
  void verifyHello_withKeysOtherThanTheConnectorDelivered_isRejectedAsKeyMismatch()
      throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    PublicKeyJwk substituted = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(
            () -> issuer.verifyHello(invitation, hello.jwt(), List.of(substituted, holderAuth)))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(KEY_MISMATCH));
  }

  @Test
  void verifyReply_withIssuerKeyOtherThanTheRegistryDelivered_isRejectedAsKeyMismatch()
      throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of()),
            issuerComm,
            issuerAuth);
    PublicKeyJwk substituted = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(() -> holder.verifyReply(hello, reply.jwt(), List.of(substituted)))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(KEY_MISMATCH));
  }

  @Test
  void verifyReply_whenTheRegistryAlsoListsARotatingOutKeyOnTheSameCurve_pinsTheReplysKey()
      throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of()),
            issuerComm,
            issuerAuth);
    PublicKeyJwk rotatingOut = Keys.generate(KeyCurve.X25519).publicKey();

    PinnedKeys pinned = holder.verifyReply(hello, reply.jwt(), List.of(rotatingOut, issuerComm));

    assertThat(pinned.communicationKey().sameKeyAs(issuerComm)).isTrue();
  }

  @Test
  void verifyReply_whenTheIssuerAlsoHoldsAKeyOnAnotherCurve_pinsTheKeyOfTheHoldersCurve()
      throws Exception {
    PublicKeyJwk holderP256 = Keys.generate(KeyCurve.P_256).publicKey();
    PublicKeyJwk issuerP256 =
        Keys.generate(KeyCurve.P_256).publicKey().withKid(ISSUER_DID + "#comm-p256");
    HolderHello hello = holder.hello(invitation, holderP256, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of(holderP256)),
            issuerP256,
            issuerAuth);

    PinnedKeys pinned = holder.verifyReply(hello, reply.jwt(), List.of(issuerComm, issuerP256));

    assertThat(pinned.communicationKey()).isEqualTo(issuerP256);
  }

  @Test
  void verifyReply_withTheIssuersKeyOnAnotherCurveThanTheHolders_isRefusedAsInvalidKey()
      throws Exception {
    PublicKeyJwk holderP256 = Keys.generate(KeyCurve.P_256).publicKey();
    HolderHello hello = holder.hello(invitation, holderP256, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of(holderP256)),
            issuerComm,
            issuerAuth);

    assertThatThrownBy(() -> holder.verifyReply(hello, reply.jwt(), List.of(issuerComm)))
        .isInstanceOfSatisfying(
            HandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(HandshakeException.Reason.INVALID_KEY));
  }

  @Test
  void verifyReply_withAnotherIssuerKeyOnTheSameCurve_isStillAKeyMismatch() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of()),
            issuerComm,
            issuerAuth);
    PublicKeyJwk issuerP256 = Keys.generate(KeyCurve.P_256).publicKey();
    PublicKeyJwk substituted = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(
            () -> holder.verifyReply(hello, reply.jwt(), List.of(issuerP256, substituted)))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(KEY_MISMATCH));
  }

  @Test
  void verifyHello_withKeySubstitutedInsideTheJwt_failsTheMac() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();
    PublicKeyJwk attacker = Keys.generate(KeyCurve.X25519).publicKey();

    assertIssuerRefuses(
        withClaims(jwt, c -> c.put("cr_ck", attacker.toJsonObject()), null), BAD_MAC);
  }

  @Test
  void verifyHello_fromSomeoneWithTheTokenButNotTheSecret_isRejected() throws Exception {
    // The connector knows the token and accepts the connection itself, guessing a secret.
    Invitation guessed = Invitation.create("token-1", ISSUER_DID, invitation.expiresAt(), random);
    String jwt = holder.hello(guessed, holderComm, holderAuth).jwt();

    assertIssuerRefuses(jwt, BAD_MAC);
  }

  @Test
  void verifyHello_ofJwtForAnotherInvitation_isRejected() throws Exception {
    Invitation other = Invitation.create("token-2", ISSUER_DID, invitation.expiresAt(), random);

    assertIssuerRefuses(holder.hello(other, holderComm, holderAuth).jwt(), BAD_MAC);
  }

  @Test
  void verifyHello_withTheRightKeyButAnotherTokenHash_isRejectedAsWrongToken() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(jwt, c -> c.put("cr_th", "x".repeat(43)), Direction.HOLDER_TO_ISSUER),
        WRONG_TOKEN);
  }

  @Test
  void verifyHello_withOtherAudienceOrIssuer_isRejectedAsWrongParty() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(jwt, c -> c.put("aud", "did:example:other"), Direction.HOLDER_TO_ISSUER),
        WRONG_PARTY);
    assertIssuerRefuses(
        withClaims(jwt, c -> c.put("iss", "someone"), Direction.HOLDER_TO_ISSUER), WRONG_PARTY);
  }

  @Test
  void verifyHello_afterExpiry_isRejected() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();
    clock.advance(Duration.ofHours(24).plusMinutes(6));

    assertIssuerRefuses(jwt, EXPIRED);
  }

  @Test
  void verifyHello_issuedAfterTheInvitationExpired_isRejected() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(
            jwt,
            c -> c.put("iat", invitation.expiresAt().getEpochSecond() + 1),
            Direction.HOLDER_TO_ISSUER),
        EXPIRED);
  }

  @Test
  void verifyHello_issuedInTheFuture_isRejected() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(
            jwt,
            c -> {
              c.put("iat", clock.instant().plus(Duration.ofMinutes(10)).getEpochSecond());
              c.put("exp", clock.instant().plus(Duration.ofMinutes(20)).getEpochSecond());
            },
            Direction.HOLDER_TO_ISSUER),
        EXPIRED);
  }

  @Test
  void verifyHello_withLifetimeBeyondThePolicy_isRejected() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(
            jwt,
            c -> c.put("exp", clock.instant().plus(Duration.ofDays(30)).getEpochSecond()),
            Direction.HOLDER_TO_ISSUER),
        MALFORMED);
  }

  @Test
  void verifyHello_twice_isRejectedAsReplayed() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();
    issuer.verifyHello(invitation, jwt, List.of());

    assertIssuerRefuses(jwt, REPLAYED);
  }

  @Test
  void verifyReply_answeringAnotherHello_isRejectedAsNonceMismatch() throws Exception {
    HolderHello first = holder.hello(invitation, holderComm, holderAuth);
    HolderHello second = holder.hello(invitation, holderComm, holderAuth);
    IssuerReply reply =
        issuer.reply(
            invitation,
            issuer.verifyHello(invitation, first.jwt(), List.of()),
            issuerComm,
            issuerAuth);

    assertHolderRefuses(second, reply.jwt(), NONCE_MISMATCH);
  }

  @Test
  void verifyReply_whereTheIssuerPinnedOtherHolderKeys_isRejectedAsKeyMismatch() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    VerifiedHolder wrong =
        new VerifiedHolder(Keys.generate(KeyCurve.X25519).publicKey(), holderAuth, hello.nonce());

    assertHolderRefuses(
        hello, issuer.reply(invitation, wrong, issuerComm, issuerAuth).jwt(), KEY_MISMATCH);
  }

  @Test
  void verifyHello_withHolderKeyWhoseKidIsNotItsThumbprint_isRejectedAsInvalidKey()
      throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        withClaims(
            jwt,
            c -> c.put("cr_ck", holderComm.withKid("did:x:y#1").toJsonObject()),
            Direction.HOLDER_TO_ISSUER),
        INVALID_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "HS512", "RS256", "ES256K", "EdDSA"})
  void verifyHello_withAlgOtherThanHs256_isRejected(String alg) throws Exception {
    String[] parts = holder.hello(invitation, holderComm, holderAuth).jwt().split("\\.");
    String header = b64json("{\"alg\":\"" + alg + "\",\"typ\":\"credrelay-handshake-holder+jwt\"}");

    assertIssuerRefuses(header + "." + parts[1] + "." + parts[2], ALGORITHM_NOT_ALLOWED);
    assertIssuerRefuses(header + "." + parts[1] + ".", ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.AAAA"})
  void verifyHello_ofNonJwt_isRejectedAsMalformed(String jwt) {
    assertIssuerRefuses(jwt, MALFORMED);
  }

  @Test
  void verifyHello_withExtraHeaderMember_isRejectedAsMalformed() throws Exception {
    String[] parts = holder.hello(invitation, holderComm, holderAuth).jwt().split("\\.");
    String header =
        b64json("{\"alg\":\"HS256\",\"typ\":\"credrelay-handshake-holder+jwt\",\"kid\":\"k\"}");

    assertIssuerRefuses(header + "." + parts[1] + "." + parts[2], MALFORMED);
  }

  @Test
  void hello_forExpiredInvitationOrWithDidKids_isRefused() {
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> holder.hello(invitation, holderComm, holderAuth))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(EXPIRED));
    assertThatThrownBy(() -> holder.hello(invitation, holderComm.withKid("did:x:y#1"), holderAuth))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void macKeys_differPerDirectionAndPerConnection() {
    Invitation sameSecretOtherToken = invitationWithSecret("token-2", invitation.secret());

    byte[] holderToIssuer = HandshakeKeys.macKey(invitation, Direction.HOLDER_TO_ISSUER);
    assertThat(holderToIssuer)
        .hasSize(32)
        .isNotEqualTo(HandshakeKeys.macKey(invitation, Direction.ISSUER_TO_HOLDER))
        .isNotEqualTo(HandshakeKeys.macKey(sameSecretOtherToken, Direction.HOLDER_TO_ISSUER));
  }

  private IssuerReply completedReply() throws HandshakeException {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    return issuer.reply(
        invitation, issuer.verifyHello(invitation, hello.jwt(), List.of()), issuerComm, issuerAuth);
  }

  private Invitation invitationWithSecret(String token, byte[] secret) {
    try {
      return new Invitation(token, secret, ISSUER_DID, invitation.expiresAt(), null, null);
    } catch (InvitationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Changes claims; re-MACs with the right key for {@code direction}, or keeps the old MAC if null.
   */
  private String withClaims(String jwt, Consumer<Map<String, Object>> change, Direction direction) {
    Map<String, Object> claims = claims(jwt);
    change.accept(claims);
    if (direction != null) {
      return HandshakeJwt.sign(direction, HandshakeKeys.macKey(invitation, direction), claims);
    }
    String[] parts = jwt.split("\\.");
    return parts[0] + "." + b64json(Json.write(claims)) + "." + parts[2];
  }
}
