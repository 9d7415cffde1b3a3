package org.credrelay.protocolvectors;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.HolderHello;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.e2ecrypto.handshake.IssuerReply;
import org.credrelay.e2ecrypto.handshake.PinnedKeys;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * handshake-jwts.json (PROTOCOL.md §4.3, §4.4): the holder's hello and the issuer's reply, made and
 * verified by the library's two handshake sides with fixed times, nonces and jtis; both sides then
 * hold the same safety number.
 */
final class HandshakeJwtVectors implements Construction {

  @Override
  public String fileName() {
    return "handshake-jwts.json";
  }

  @Override
  public JsonNode compute(JsonNode inputs) throws Exception {
    Invitation invitation = InvitationVectors.invitation(inputs.required("invitation"));
    Party holder = Party.of(inputs.required("holder"));
    Party issuer = Party.of(inputs.required("issuer"));

    HolderHandshake holderSide =
        new HolderHandshake(
            holder.clock,
            holder.random,
            new InMemoryJtiStore(holder.clock),
            HandshakePolicy.defaults());
    HolderHello hello =
        holderSide.hello(
            invitation, holder.communication.publicKey(), holder.authentication.publicKey());

    IssuerHandshake issuerSide =
        new IssuerHandshake(
            issuer.clock,
            issuer.random,
            new InMemoryJtiStore(issuer.clock),
            HandshakePolicy.defaults());
    var verifiedHolder =
        issuerSide.verifyHello(
            invitation,
            hello.jwt(),
            List.of(holder.communication.publicKey(), holder.authentication.publicKey()));
    IssuerReply reply =
        issuerSide.reply(
            invitation,
            verifiedHolder,
            issuer.communication.publicKey(),
            issuer.authentication.publicKey());

    PinnedKeys pinnedByHolder =
        holderSide.verifyReply(
            hello,
            reply.jwt(),
            List.of(issuer.communication.publicKey(), issuer.authentication.publicKey()));
    holder.random.assertAllDrawn();
    issuer.random.assertAllDrawn();
    if (!pinnedByHolder.safetyNumber().equals(reply.holderKeys().safetyNumber())) {
      throw new IllegalStateException("the two sides computed different safety numbers");
    }

    ObjectNode outputs = VectorFile.JSON.createObjectNode();
    outputs.set("holderJwt", jwt(hello.jwt()));
    outputs.set("issuerJwt", jwt(reply.jwt()));
    outputs.put("safetyNumber", pinnedByHolder.safetyNumber().grouped());
    return outputs;
  }

  @Override
  public String inputToMutate() {
    return "/holder/nonce";
  }

  /** The compact JWS and, for reading, its decoded header and claims. */
  private static ObjectNode jwt(String compact) {
    String[] parts = compact.split("\\.");
    ObjectNode out = VectorFile.JSON.createObjectNode();
    out.put("compact", compact);
    out.put("headerJson", decode(parts[0]));
    out.put("claimsJson", decode(parts[1]));
    return out;
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  /** One side's keys, clock and fixed random draws ({@code nonce} first, then {@code jti}). */
  private record Party(
      KeyPairJwk communication, KeyPairJwk authentication, Clock clock, FixedRandom random) {

    static Party of(JsonNode in) {
      return new Party(
          VectorInputs.keyPair(in.required("communicationKey")),
          VectorInputs.keyPair(in.required("authenticationKey")),
          VectorInputs.clockAtSeconds(in.required("now").longValue()),
          FixedRandom.of(VectorInputs.base64Url(in, "nonce"), VectorInputs.base64Url(in, "jti")));
    }
  }
}
