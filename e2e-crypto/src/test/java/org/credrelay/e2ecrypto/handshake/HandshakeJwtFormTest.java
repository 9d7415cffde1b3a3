package org.credrelay.e2ecrypto.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.INVALID_KEY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.KEY_MISMATCH;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.MALFORMED;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The form rules of PROTOCOL.md sections 4.3 and 4.4: header and claims are sets of JSON members
 * (order and whitespace do not matter), nothing beyond them is accepted, every key claim names its
 * kid, and how the keys the connector or registry delivered are compared in each direction. Every
 * JWT here is MACed with the right key, so only the rule under test can refuse it.
 */
class HandshakeJwtFormTest extends HandshakeTestBase {

  @Test
  void verifyHello_withHeaderMembersReorderedAndWhitespace_isAccepted() throws Exception {
    String claims = claimsPart(holder.hello(invitation, holderComm, holderAuth).jwt());
    String header = "{ \"typ\" : \"credrelay-handshake-holder+jwt\",\n \"alg\":\"HS256\" }";

    VerifiedHolder verified =
        issuer.verifyHello(
            invitation, macked(Direction.HOLDER_TO_ISSUER, header, claims), List.of());

    assertThat(verified.communicationKey()).isEqualTo(holderComm);
  }

  @Test
  void verifyReply_withClaimsReorderedAndWhitespace_isAccepted() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    String reply = reply(hello);
    StringBuilder reordered = new StringBuilder("{\n");
    List<Map.Entry<String, Object>> members = List.copyOf(claims(reply).entrySet());
    for (int i = members.size() - 1; i >= 0; i--) {
      Map.Entry<String, Object> member = members.get(i);
      String json = Json.write(Map.of(member.getKey(), member.getValue()));
      reordered.append("  ").append(json, 1, json.length() - 1).append(i == 0 ? "\n" : " ,\n");
    }
    reordered.append("}");
    String header = "{\"typ\":\"credrelay-handshake-issuer+jwt\", \"alg\":\"HS256\"}";

    PinnedKeys pinned =
        holder.verifyReply(
            hello,
            macked(Direction.ISSUER_TO_HOLDER, header, reordered.toString()),
            List.of(issuerComm));

    assertThat(pinned.communicationKey()).isEqualTo(issuerComm);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"alg\":\"HS256\",\"typ\":\"credrelay-handshake-holder+jwt\",\"cty\":\"JWT\"}",
        "{\"alg\":\"HS256\",\"typ\":\"credrelay-handshake-holder+jwt\",\"alg\":\"HS256\"}"
      })
  void verifyHello_withAnUnknownOrRepeatedHeaderMember_isRefusedAsMalformed(String header)
      throws Exception {
    String claims = claimsPart(holder.hello(invitation, holderComm, holderAuth).jwt());

    assertIssuerRefuses(macked(Direction.HOLDER_TO_ISSUER, header, claims), MALFORMED);
  }

  @Test
  void verifyHello_withAnUnknownClaim_isRefusedAsMalformed() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        remacked(jwt, Direction.HOLDER_TO_ISSUER, c -> c.put("nbf", 1795687200L)), MALFORMED);
  }

  @Test
  void verifyHello_withAnIssuerOnlyClaim_isRefusedAsMalformed() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    assertIssuerRefuses(
        remacked(
            jwt,
            Direction.HOLDER_TO_ISSUER,
            c -> c.put(HandshakeClaims.PEER_COMMUNICATION_KEY_THUMBPRINT, holderComm.thumbprint())),
        MALFORMED);
  }

  @Test
  void verifyReply_withAnUnknownClaim_isRefusedAsMalformed() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    String reply =
        remacked(reply(hello), Direction.ISSUER_TO_HOLDER, c -> c.put("cr_note", "hello"));

    assertHolderRefuses(hello, reply, MALFORMED);
  }

  @Test
  void verifyHello_withAHolderKeyWithoutKid_isRefusedAsInvalidKey() throws Exception {
    String jwt = holder.hello(invitation, holderComm, holderAuth).jwt();

    for (String claim :
        List.of(HandshakeClaims.COMMUNICATION_KEY, HandshakeClaims.AUTHENTICATION_KEY)) {
      assertIssuerRefuses(
          remacked(jwt, Direction.HOLDER_TO_ISSUER, c -> withoutKid(c, claim)), INVALID_KEY);
    }
  }

  @Test
  void verifyReply_withAnIssuerKeyWithoutKid_isRefusedAsInvalidKey() throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    String reply =
        remacked(
            reply(hello),
            Direction.ISSUER_TO_HOLDER,
            c -> withoutKid(c, HandshakeClaims.COMMUNICATION_KEY));

    assertHolderRefuses(hello, reply, INVALID_KEY);
  }

  @Test
  void verifyHello_whenTheConnectorAlsoDeliversAnotherHolderKeyOnTheSameCurve_isAKeyMismatch()
      throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    PublicKeyJwk another = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(
            () ->
                issuer.verifyHello(
                    invitation, hello.jwt(), List.of(holderComm, another, holderAuth)))
        .isInstanceOfSatisfying(
            HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(KEY_MISMATCH));
  }

  @Test
  void verifyHello_withADeliveredHolderKeyOnAnotherCurve_comparesOnlyTheJwtsCurve()
      throws Exception {
    HolderHello hello = holder.hello(invitation, holderComm, holderAuth);
    PublicKeyJwk otherCurve = Keys.generate(KeyCurve.P_256).publicKey();

    VerifiedHolder verified =
        issuer.verifyHello(invitation, hello.jwt(), List.of(otherCurve, holderComm, holderAuth));

    assertThat(verified.communicationKey()).isEqualTo(holderComm);
  }

  private String reply(HolderHello hello) throws HandshakeException {
    return issuer
        .reply(
            invitation,
            issuer.verifyHello(invitation, hello.jwt(), List.of()),
            issuerComm,
            issuerAuth)
        .jwt();
  }

  private static void withoutKid(Map<String, Object> claims, String claim) {
    @SuppressWarnings("unchecked")
    Map<String, Object> jwk = (Map<String, Object>) claims.get(claim);
    jwk.remove("kid");
  }

  /** The JWT with changed claims, MACed again with the right key (the default header). */
  private String remacked(String jwt, Direction direction, Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = claims(jwt);
    change.accept(claims);
    return HandshakeJwt.sign(direction, HandshakeKeys.macKey(invitation, direction), claims);
  }

  /** A JWT of exactly these header and claims texts, MACed with the right key. */
  private String macked(Direction direction, String headerJson, String claimsJson) {
    String signingInput = b64json(headerJson) + "." + b64json(claimsJson);
    byte[] tag =
        HmacSha256.tag(
            HandshakeKeys.macKey(invitation, direction),
            signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Base64Url.encode(tag);
  }

  private static String claimsPart(String jwt) {
    return new String(Base64Url.decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
